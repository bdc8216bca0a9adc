package dev.imdsv2.rule.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imdsv2.rule.Assessor;
import dev.imdsv2.rule.aws.AwsClients;
import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Decision;
import dev.imdsv2.rule.decision.Parameters;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.event.MalformedEventException;
import dev.imdsv2.rule.event.RuleParameters;
import dev.imdsv2.rule.log.JsonLog;
import dev.imdsv2.rule.offline.ExportedAccount;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Judges every group of an account, read-only: the live account of the SDK
 * environment, or an AWS CLI export with {@code --from}. Nothing is put.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = "Judge every Auto Scaling group of the current account and region (or of an export),"
                + " read-only. Exit 0 when none is non-compliant, 3 when any is, 1 when some could not be judged.")
final class ScanCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = Json.mapper();

    /** What a person should look at first comes first, in the table and its summary. */
    private static final List<String> SEVERITY = List.of(
            "UNDECIDED", Compliance.NON_COMPLIANT.name(), Compliance.COMPLIANT.name(),
            Compliance.NOT_APPLICABLE.name());

    /** The table fits a 120-column terminal; a reason wraps rather than running off the edge. */
    private static final int TABLE_WIDTH = 120;
    private static final int MIN_WHY_WIDTH = 40;

    /** Output formats. */
    enum Format { table, json, csv }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--from", paramLabel = "DIR",
            description = "judge AWS CLI JSON exports in DIR instead of the live account")
    Path from;

    @Option(names = "--rule-parameters", paramLabel = "JSON", defaultValue = "",
            description = "the rule's parameters as Config passes them, e.g. '{\"VersionToJudge\":\"LATEST\"}'")
    String ruleParameters;

    @Option(names = "--verbose", description = "log one JSON line per call and verdict on stderr")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        JsonLog.setThreshold(verbose ? JsonLog.Level.DEBUG : JsonLog.Level.WARN);
        PrintWriter err = spec.commandLine().getErr();
        Parameters parameters;
        RuleServices services;
        try {
            parameters = RuleParameters.parse(ruleParameters, MAPPER);
            services = from != null ? ExportedAccount.read(from, MAPPER).services() : live();
        } catch (MalformedEventException | IllegalArgumentException e) {
            err.println("scan: " + e.getMessage());
            return Main.USAGE;
        }
        List<AutoScalingGroup> groups = services.groups().all();
        Map<AutoScalingGroup, Decision> decisions = new Assessor(services, parameters).assess(groups, true);
        List<Row> rows = new ArrayList<>();
        decisions.forEach((group, decision) -> rows.add(Row.of(group, decision)));
        print(rows, spec.commandLine().getOut());

        long undecided = rows.stream().filter(r -> r.verdict().equals("UNDECIDED")).count();
        if (undecided > 0) {
            err.println("scan: " + undecided + " group(s) could not be judged; see their reasons above");
            return Main.FAILED;
        }
        boolean anyNonCompliant = rows.stream().anyMatch(r -> r.verdict().equals(Compliance.NON_COMPLIANT.name()));
        return anyNonCompliant ? Main.NON_COMPLIANT : 0;
    }

    private static RuleServices live() {
        return AwsClients.fromEnvironment().services(MAPPER);
    }

    private void print(List<Row> rows, PrintWriter out) throws Exception {
        switch (format) {
            case json -> {
                ArrayNode array = MAPPER.createArrayNode();
                for (Row row : rows) {
                    ObjectNode node = array.addObject();
                    node.put("group", row.group());
                    node.put("arn", row.arn());
                    node.put("compliance", row.verdict());
                    node.put("annotation", row.reason());
                }
                out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            }
            case csv -> {
                out.println("group,arn,compliance,annotation");
                for (Row row : rows) {
                    out.println(String.join(",",
                            csv(row.group()), csv(row.arn()), csv(row.verdict()), csv(row.reason())));
                }
            }
            case table -> printTable(rows, out);
        }
        out.flush();
    }

    /**
     * Problems first, then by name; the reason wrapped under its column so
     * that the table stays within {@link #TABLE_WIDTH} on any terminal.
     */
    private static void printTable(List<Row> rows, PrintWriter out) {
        List<Row> sorted = rows.stream()
                .sorted(Comparator.comparingInt((Row r) -> SEVERITY.indexOf(r.verdict()))
                        .thenComparing(Row::group))
                .toList();
        int groupWidth = Math.max(5, rows.stream().mapToInt(r -> r.group().length()).max().orElse(0));
        int verdictWidth = "NOT_APPLICABLE".length();
        String pattern = "%-" + groupWidth + "s  %-" + verdictWidth + "s  %s%n";
        int whyWidth = Math.max(MIN_WHY_WIDTH, TABLE_WIDTH - groupWidth - verdictWidth - 4);
        out.printf(pattern, "GROUP", "VERDICT", "WHY");
        for (Row row : sorted) {
            List<String> lines = wrap(row.reason(), whyWidth);
            out.printf(pattern, row.group(), row.verdict(), lines.getFirst());
            for (String more : lines.subList(1, lines.size())) {
                out.printf(pattern, "", "", more);
            }
        }
        Map<String, Long> counts = new TreeMap<>(Comparator.comparingInt(SEVERITY::indexOf));
        rows.forEach(r -> counts.merge(r.verdict(), 1L, Long::sum));
        out.println();
        out.println(rows.size() + (rows.size() == 1 ? " group: " : " groups: ") + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).reduce((a, b) -> a + ", " + b).orElse("none"));
    }

    /** Splits a text into lines of at most {@code width} characters, at spaces where it can. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text == null ? "" : text.strip();
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 0) {
                cut = width;
            }
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
    }

    /** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
    static String csv(String field) {
        if (field == null) {
            return "";
        }
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return "\"" + field.replace("\"", "\"\"") + "\"";
        }
        return field;
    }

    private record Row(String group, String arn, String verdict, String reason) {
        static Row of(AutoScalingGroup group, Decision decision) {
            String name = group.name() == null ? group.arn() : group.name();
            return switch (decision) {
                case Decision.Verdict v -> new Row(name, group.arn(), v.compliance().name(), v.annotation());
                case Decision.Undecided u -> new Row(name, group.arn(), "UNDECIDED", u.gaps().getFirst().toString());
            };
        }
    }
}
