package dev.imdsv2.rule.cli;

import static dev.imdsv2.rule.cli.DemoAccount.COMPLIANT;
import static dev.imdsv2.rule.cli.DemoAccount.NON_COMPLIANT;
import static dev.imdsv2.rule.cli.DemoAccount.NOT_APPLICABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imdsv2.rule.log.JsonLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code scan --from}, in process through {@link Main#run(PrintWriter, PrintWriter, String...)}. */
class ScanCommandTest {

    private JsonLog.Level logThreshold;

    /** {@code scan} sets the process-wide log level; other tests in this JVM keep theirs. */
    @BeforeEach
    void rememberLogThreshold() {
        logThreshold = Arrays.stream(JsonLog.Level.values()).filter(JsonLog::isEnabled).findFirst()
                .orElse(JsonLog.Level.ERROR);
    }

    @AfterEach
    void restoreLogThreshold() {
        JsonLog.setThreshold(logThreshold);
    }

    @Test
    void scan_whenDemoAccount_printsEveryGroupWithItsVerdict() {
        Run run = scan();

        assertThat(run.exit()).isEqualTo(Main.NON_COMPLIANT);
        assertThat(ScanOutput.tableVerdicts(run.out())).containsExactlyInAnyOrderEntriesOf(DemoAccount.VERDICTS);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void scan_whenDemoAccount_endsWithSummaryLine() {
        Run run = scan();

        assertThat(ScanOutput.summary(run.out())).isEqualTo(DemoAccount.SUMMARY);
    }

    @Test
    void scan_whenDemoAccount_givesTheReasonEachRowOfTheVerdictTableNames() {
        Map<String, String> reasons = ScanOutput.tableReasons(scan().out());

        assertThat(reasons.get("web-frontend"))
                .isEqualTo("IMDSv2 required: lt-0a1f2e3d4c5b60718 (web-frontend) version 2 ($Default):"
                        + " HttpTokens=required");
        assertThat(reasons.get("orders-api")).contains("version 3 ($Latest): HttpTokens=required");
        assertThat(reasons.get("payments-service")).contains("version 2 (pinned): HttpTokens=required");
        assertThat(reasons.get("reporting-legacy")).endsWith("version 1 ($Default): HttpTokens=optional");
        assertThat(reasons.get("batch-workers")).endsWith("version 2 ($Latest): HttpTokens unset");
        assertThat(reasons.get("airgapped-builders")).endsWith("HttpEndpoint=disabled");
        assertThat(reasons.get("analytics-spot"))
                .isEqualTo("lt-09b3f7d5c1e8a4260 (analytics-gpu) version 1 ($Latest): HttpTokens=optional");
        assertThat(reasons.get("ci-runners")).endsWith("; and 1 more of 2 judged");
        assertThat(reasons.get("search-indexer"))
                .isEqualTo("lt-0123456789abcdef0 (search-indexer) ($Default): template not found");
        assertThat(reasons.get("queue-consumers")).endsWith("(pinned): version 9 not found");
        assertThat(reasons.get("legacy-cron")).contains("LaunchConfigurations=NOT_APPLICABLE");
        assertThat(reasons.get("vendor-appliance")).endsWith("HttpTokens=optional");
        assertThat(reasons.get("internal-tools")).endsWith("version 1 ($Default): HttpTokens unset");
    }

    @Test
    void scan_whenTable_listsProblemsFirstWithinOneHundredTwentyColumns() {
        List<String> lines = scan().out().lines().toList();

        assertThat(lines.getFirst()).startsWith("GROUP").contains("VERDICT").endsWith("WHY");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
        List<String> verdicts = new ArrayList<>(ScanOutput.tableVerdicts(String.join("\n", lines)).values());
        assertThat(verdicts.subList(0, 8)).containsOnly(NON_COMPLIANT);
        assertThat(verdicts.getLast()).isEqualTo(NOT_APPLICABLE);
    }

    @Test
    void scan_whenJson_givesTheSameVerdictsWithArnsAndAnnotations() {
        Run run = scan("--format", "json");

        assertThat(run.exit()).isEqualTo(Main.NON_COMPLIANT);
        assertThat(ScanOutput.jsonVerdicts(run.out())).containsExactlyInAnyOrderEntriesOf(DemoAccount.VERDICTS);
        JsonNode first = ScanOutput.readJson(run.out()).get(0);
        assertThat(first.get("arn").asText())
                .startsWith("arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:")
                .endsWith(":autoScalingGroupName/" + first.get("group").asText());
        assertThat(first.get("annotation").asText()).isNotBlank();
    }

    @Test
    void scan_whenCsv_givesTheSameVerdicts() {
        Run run = scan("--format", "csv");

        assertThat(run.exit()).isEqualTo(Main.NON_COMPLIANT);
        assertThat(ScanOutput.csvVerdicts(run.out())).containsExactlyInAnyOrderEntriesOf(DemoAccount.VERDICTS);
    }

    @Test
    void scan_whenCsvAnnotationHoldsComma_quotesItAndReadsBackAsJsonSays() {
        String parameters = "{\"AccountDefaults\":\"HONOR\"}";
        Run csv = scan("--format", "csv", "--rule-parameters", parameters);
        Run json = scan("--format", "json", "--rule-parameters", parameters);

        assertThat(csv.out()).contains(",\"IMDSv2 required: lt-06f8e2d4c0a9b1357 (internal-tools) version 1"
                + " ($Default): HttpTokens unset, account default required\"");
        List<List<String>> fromCsv = ScanOutput.csvRecords(csv.out()).subList(1, 14);
        List<List<String>> fromJson = new ArrayList<>();
        for (JsonNode row : ScanOutput.readJson(json.out())) {
            fromJson.add(List.of(row.get("group").asText(), row.get("arn").asText(),
                    row.get("compliance").asText(), row.get("annotation").asText()));
        }
        assertThat(fromCsv).isEqualTo(fromJson);
    }

    static Stream<Arguments> parameterFlips() {
        return Stream.of(
                Arguments.of("{\"AccountDefaults\":\"HONOR\"}",
                        Map.of("internal-tools", COMPLIANT, "batch-workers", COMPLIANT)),
                Arguments.of("{\"ExemptionTag\":\"imdsv2-exempt\"}", Map.of("vendor-appliance", NOT_APPLICABLE)),
                Arguments.of("{\"ExemptionTag\":\"imdsv2-exempt=approved\"}",
                        Map.of("vendor-appliance", NOT_APPLICABLE)),
                Arguments.of("{\"ExemptionTag\":\"imdsv2-exempt=pending\"}", Map.of()),
                Arguments.of("{\"VersionToJudge\":\"LATEST\"}",
                        Map.of("payments-service", NON_COMPLIANT, "queue-consumers", COMPLIANT)),
                Arguments.of("{\"VersionToJudge\":\"DEFAULT\"}", Map.of("queue-consumers", COMPLIANT)),
                Arguments.of("{\"HttpEndpointDisabled\":\"COMPLIANT\"}", Map.of("airgapped-builders", COMPLIANT)),
                Arguments.of("{\"LaunchConfigurations\":\"EVALUATE\"}", Map.of("legacy-cron", NON_COMPLIANT)),
                Arguments.of("{\"VersionToJudge\":\"\",\"ReportUnchanged\":\"TRUE\"}", Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameterFlips")
    void scan_whenRuleParameterSet_changesOnlyTheGroupsItConcerns(String parameters, Map<String, String> changes) {
        Run run = scan("--rule-parameters", parameters);

        assertThat(ScanOutput.tableVerdicts(run.out()))
                .containsExactlyInAnyOrderEntriesOf(DemoAccount.verdictsWith(changes));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void scan_whenAccountDefaultHonored_saysTheDefaultIsWhatRequiresTokens() {
        Run run = scan("--rule-parameters", "{\"AccountDefaults\":\"HONOR\"}");

        assertThat(ScanOutput.tableReasons(run.out()).get("internal-tools"))
                .endsWith("HttpTokens unset, account default required");
    }

    @Test
    void scan_whenParameterValueInvalid_exitsUsageNamingKeyAndValue() {
        Run run = scan("--rule-parameters", "{\"VersionToJudge\":\"latest \"}");

        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("'VersionToJudge'", "REFERENCED, LATEST, DEFAULT", "'latest '");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void scan_whenParameterKeyUnknown_exitsUsageNamingKey() {
        Run run = scan("--rule-parameters", "{\"VersionsToJudge\":\"LATEST\"}");

        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("'VersionsToJudge'", "VersionToJudge");
    }

    @Test
    void scan_whenParametersNotJson_exitsUsage() {
        Run run = scan("--rule-parameters", "VersionToJudge=LATEST");

        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("VersionToJudge=LATEST");
    }

    @Test
    void scan_whenFromFolderMissing_exitsUsageNamingIt(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-export");

        Run run = Run.of("scan", "--from", missing.toString());

        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains(missing.toString(), "not a folder");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void scan_whenFolderHasNoGroupsExport_exitsUsageNamingTheCommand(@TempDir Path tmp) throws IOException {
        Files.copy(DemoAccount.dir().resolve("launch-templates.json"), tmp.resolve("launch-templates.json"));

        Run run = Run.of("scan", "--from", tmp.toString());

        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("aws autoscaling describe-auto-scaling-groups");
    }

    @Test
    void scan_whenExportFileNotJson_exitsUsageNamingTheFile(@TempDir Path tmp) throws IOException {
        Files.copy(DemoAccount.dir().resolve("auto-scaling-groups.json"), tmp.resolve("auto-scaling-groups.json"));
        Files.writeString(tmp.resolve("launch-templates.json"), "An error occurred (ExpiredToken)");

        Run run = Run.of("scan", "--from", tmp.toString());

        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("launch-templates.json", "is not JSON");
    }

    @Test
    void scan_whenAllGroupsCompliant_exitsZero() {
        Run run = Run.of("scan", "--from", DemoAccount.compliantDir().toString());

        assertThat(run.exit()).isZero();
        assertThat(ScanOutput.tableVerdicts(run.out())).containsOnlyKeys("web-frontend", "orders-api", "ci-runners")
                .containsValues(COMPLIANT);
        assertThat(ScanOutput.summary(run.out())).isEqualTo("3 groups: 3 COMPLIANT");
    }

    @Test
    void scan_whenEvidenceNotExported_reportsUndecidedAndExitsFailed(@TempDir Path tmp) throws IOException {
        copyDemoAccountExcept(tmp, "instance-metadata-defaults.json");

        Run run = Run.of("scan", "--from", tmp.toString(), "--rule-parameters", "{\"AccountDefaults\":\"HONOR\"}");

        assertThat(run.exit()).isEqualTo(Main.FAILED);
        assertThat(ScanOutput.tableVerdicts(run.out()))
                .containsEntry("internal-tools", "UNDECIDED")
                .containsEntry("batch-workers", "UNDECIDED")
                .containsEntry("reporting-legacy", NON_COMPLIANT);
        assertThat(ScanOutput.tableReasons(run.out()).get("internal-tools"))
                .contains("aws ec2 get-instance-metadata-defaults");
        assertThat(run.err()).contains("2 group(s) could not be judged");
    }

    @Test
    void scan_whenFormatUnknown_exitsUsage() {
        Run run = scan("--format", "xml");

        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("xml");
    }

    @Test
    void run_whenNoCommand_exitsUsageNamingTheCommands() {
        Run run = Run.of();

        assertThat(run.exit()).isEqualTo(Main.USAGE);
        assertThat(run.err()).contains("invoke or scan");
    }

    @Test
    void wrap_whenTextLongerThanWidth_breaksAtSpaces() {
        List<String> lines = ScanCommand.wrap("lt-1 (web) version 2 ($Default): HttpTokens=optional", 20);

        assertThat(lines).containsExactly("lt-1 (web) version 2", "($Default):", "HttpTokens=optional");
    }

    @Test
    void wrap_whenWordLongerThanWidth_cutsIt() {
        assertThat(ScanCommand.wrap("abcdefghij klm", 4)).containsExactly("abcd", "efgh", "ij", "klm");
    }

    @Test
    void csv_whenFieldHoldsCommaOrQuote_quotesItAndDoublesQuotes() {
        assertThat(ScanCommand.csv("plain")).isEqualTo("plain");
        assertThat(ScanCommand.csv("unset, account default \"required\""))
                .isEqualTo("\"unset, account default \"\"required\"\"\"");
        assertThat(ScanCommand.csv(null)).isEmpty();
    }

    private static Run scan(String... options) {
        List<String> args = new ArrayList<>(List.of("scan", "--from", DemoAccount.dir().toString()));
        args.addAll(List.of(options));
        return Run.of(args.toArray(String[]::new));
    }

    private static void copyDemoAccountExcept(Path target, String left) throws IOException {
        try (Stream<Path> files = Files.list(DemoAccount.dir())) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals(left)) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
    }

    /** One in-process run of the tool: its exit code and what it wrote. */
    record Run(int exit, String out, String err) {
        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new Run(exit, out.toString(), err.toString());
        }
    }
}
