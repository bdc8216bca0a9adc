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
import java.util.List;
import java.util.Map;
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

    /** Output formats. */
    enum Format { table, json, csv }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--from", paramLabel = "DIR", description = "judge AWS CLI JSON exports in DIR instead of the live account")
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
                    out.println(String.join(",", csv(row.group()), csv(row.arn()), csv(row.verdict()), csv(row.reason())));
                }
            }
            case table -> printTable(rows, out);
        }
        out.flush();
    }

    private static void printTable(List<Row> rows, PrintWriter out) {
        int groupWidth = Math.max(5, rows.stream().mapToInt(r -> r.group().length()).max().orElse(0));
        int verdictWidth = "NOT_APPLICABLE".length();
        String pattern = "%-" + groupWidth + "s  %-" + verdictWidth + "s  %s%n";
        out.printf(pattern, "GROUP", "VERDICT", "WHY");
        for (Row row : rows) {
            out.printf(pattern, row.group(), row.verdict(), row.reason());
        }
        Map<String, Long> counts = new java.util.TreeMap<>();
        rows.forEach(r -> counts.merge(r.verdict(), 1L, Long::sum));
        out.println();
        out.println(rows.size() + " group(s): " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).reduce((a, b) -> a + ", " + b).orElse("none"));
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
