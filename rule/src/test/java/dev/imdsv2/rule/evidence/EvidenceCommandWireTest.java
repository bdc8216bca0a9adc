package dev.imdsv2.rule.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code evidence} command end to end: the real SDK client, with its
 * adaptive retries, talks JSON 1.1 to a loopback Config; the files it writes
 * are read back as an auditor's tools would.
 */
class EvidenceCommandWireTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-02T12:00:00Z");
    private static final String RULE = "asg-imdsv2";
    private static final String AGGREGATOR = "org-aggregator";

    @RegisterExtension
    final ConfigWire config = new ConfigWire();

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void evidence_whenResultsSpanTwoPages_exportsEveryResultOfEveryComplianceType() throws Exception {
        givenRuleDefined();
        config.answer("GetComplianceDetailsByConfigRule", "get-compliance-details-page-1.json");
        config.answer("GetComplianceDetailsByConfigRule", "get-compliance-details-page-2.json",
                "$[?(@.NextToken == 'page-2-token')]");
        Path dir = temp.resolve("export");

        int exit = run("--rule", RULE, "--out", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        List<JsonNode> sent = config.requests("GetComplianceDetailsByConfigRule");
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).toString()).isEqualTo("{\"ConfigRuleName\":\"asg-imdsv2\",\"ComplianceTypes\":"
                + "[\"COMPLIANT\",\"NON_COMPLIANT\",\"NOT_APPLICABLE\",\"INSUFFICIENT_DATA\"],\"Limit\":100}");
        assertThat(sent.get(1).path("NextToken").asText()).isEqualTo("page-2-token");

        List<List<String>> csv = Rfc4180.parse(Files.readString(dir.resolve("evidence.csv")));
        assertThat(csv).hasSize(6);
        assertThat(csv.subList(1, 6)).extracting(row -> row.get(4) + " " + row.get(5)).containsExactly(
                "api-<canary> NON_COMPLIANT", "web-frontend NON_COMPLIANT", "reports INSUFFICIENT_DATA",
                "batch-workers COMPLIANT", "legacy-lc NOT_APPLICABLE");
        assertThat(csv.get(2)).containsExactly("123456789012", "us-east-1", "AWS::AutoScaling::AutoScalingGroup",
                "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0b7e2c1a-1111-4222-8333-944455556666"
                        + ":autoScalingGroupName/web-frontend",
                "web-frontend", "NON_COMPLIANT",
                "lt-0a1b2c3d4e5f60718 \"web\", version 7 ($Latest): HttpTokens=optional, and 1 more",
                "2026-01-01T00:01:40Z", "2026-01-01T00:00:40Z", RULE,
                "arn:aws:config:us-east-1:123456789012:config-rule/config-rule-q1w2e3",
                "{\"VersionToJudge\":\"REFERENCED\",\"ExemptionTag\":\"imdsv2-exempt\"}");

        JsonNode evidence = JSON.readTree(dir.resolve("evidence.json").toFile());
        assertThat(evidence.path("records")).hasSize(5);
        assertThat(evidence.path("rule").path("triggers").toString()).isEqualTo(
                "[\"ConfigurationItemChangeNotification\",\"OversizedConfigurationItemChangeNotification\","
                        + "\"ScheduledNotification every TwentyFour_Hours\"]");
        assertThat(evidence.path("rule").path("evaluationStatus").path("lastSuccessfulEvaluationTime").asText())
                .isEqualTo("2026-01-01T23:53:30Z");
        assertThat(err.toString()).contains("evidence: [1/1] 123456789012/us-east-1/asg-imdsv2: 3 result(s)",
                "5 result(s); 5 read in all");
        assertManifestMatchesFiles(dir);
    }

    @Test
    void evidence_whenAggregatorSpansTwoAccountsAndTwoRegions_readsEachUnderItsDeployedName() throws Exception {
        config.fail("DescribeConfigRules", 400, "NoSuchConfigRuleException", "The ConfigRule 'asg-imdsv2' provided"
                + " in the request is invalid. Please check the configRule name.");
        givenAggregatorRules();
        givenAggregateResults();
        Path dir = temp.resolve("org");

        int exit = run("--rule", RULE, "--aggregator", AGGREGATOR, "--out", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(config.requests("DescribeAggregateComplianceByConfigRules")).hasSize(2)
                .allSatisfy(r -> assertThat(r.path("Filters").isMissingNode()).isTrue());
        assertThat(config.requests("GetAggregateComplianceDetailsByConfigRule"))
                .extracting(r -> String.join(" ", r.path("AccountId").asText(), r.path("AwsRegion").asText(),
                        r.path("ConfigRuleName").asText(), r.path("ConfigurationAggregatorName").asText(),
                        r.path("Limit").asText(), String.valueOf(r.has("ComplianceType"))))
                .containsExactly(
                        "111111111111 eu-west-1 OrgConfigRule-asg-imdsv2-k3j4h5 org-aggregator 100 false",
                        "111111111111 us-east-1 OrgConfigRule-asg-imdsv2-k3j4h5 org-aggregator 100 false",
                        "222222222222 eu-west-1 asg-imdsv2-conformance-pack-p9o8i7u6 org-aggregator 100 false",
                        "222222222222 us-east-1 asg-imdsv2-conformance-pack-p9o8i7u6 org-aggregator 100 false");

        List<List<String>> csv = Rfc4180.parse(Files.readString(dir.resolve("evidence.csv")));
        assertThat(csv.subList(1, csv.size()))
                .extracting(row -> row.get(0) + " " + row.get(1) + " " + row.get(4) + " " + row.get(5))
                .containsExactly(
                        "111111111111 us-east-1 shop-web NON_COMPLIANT",
                        "222222222222 us-east-1 ledger NON_COMPLIANT",
                        "111111111111 eu-west-1 shop-eu COMPLIANT",
                        "111111111111 us-east-1 shop-jobs COMPLIANT",
                        "222222222222 eu-west-1 ledger-eu COMPLIANT",
                        "222222222222 eu-west-1 old-lc NOT_APPLICABLE");
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.path("query").path("locations")).hasSize(4);
        assertThat(manifest.path("counts").path("NON_COMPLIANT").asInt()).isEqualTo(2);
        assertThat(err.toString()).contains("4 account-region(s) hold results of asg-imdsv2",
                "[4/4] 222222222222/us-east-1/asg-imdsv2-conformance-pack-p9o8i7u6: 1 result(s); 6 read in all");
        assertManifestMatchesFiles(dir);
    }

    @Test
    void evidence_whenConfigThrottles_retriesAndCompletes() throws Exception {
        givenRuleDefined();
        config.failOnceThenAnswer("GetComplianceDetailsByConfigRule", "ThrottlingException",
                "get-compliance-details-page-2.json");
        Path dir = temp.resolve("throttled");

        int exit = run("--rule", RULE, "--out", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(config.requests("GetComplianceDetailsByConfigRule")).hasSize(2);
        assertThat(Rfc4180.parse(Files.readString(dir.resolve("evidence.csv")))).hasSize(3);
        assertManifestMatchesFiles(dir);
    }

    @Test
    void evidence_whenRuleHasNoResults_writesACompleteExportWithNoRecords() throws Exception {
        givenRuleDefined();
        config.answer("GetComplianceDetailsByConfigRule", "get-compliance-details-empty.json");
        Path dir = temp.resolve("empty");

        int exit = run("--rule", RULE, "--out", dir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(Files.readString(dir.resolve("evidence.csv")))
                .isEqualTo(String.join(",", CsvWriter.HEADER) + "\r\n");
        assertThat(JSON.readTree(dir.resolve("evidence.json").toFile()).path("records")).isEmpty();
        assertThat(Files.readString(dir.resolve("summary.html"))).contains("Config holds no results for this rule.");
        assertManifestMatchesFiles(dir);
    }

    @Test
    void evidence_whenOneAccountIsDenied_namesItExitsOneAndLeavesNoManifest() throws Exception {
        givenRuleDefined();
        givenAggregatorRules();
        givenAggregateResults();
        config.fail("GetAggregateComplianceDetailsByConfigRule", 400, "AccessDeniedException",
                "not authorized for account 222222222222", "$[?(@.AccountId == '222222222222')]",
                "$[?(@.AwsRegion == 'eu-west-1')]");
        Path dir = temp.resolve("partial");

        int exit = run("--rule", RULE, "--aggregator", AGGREGATOR, "--out", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(dir).doesNotExist();
        Path incomplete = temp.resolve("partial.incomplete");
        assertThat(incomplete.resolve("manifest.json")).doesNotExist();
        assertThat(Files.readString(incomplete.resolve("INCOMPLETE.txt"))).contains("GetAggregateComplianceDetails"
                + "ByConfigRule for 222222222222/eu-west-1/asg-imdsv2-conformance-pack-p9o8i7u6 failed:"
                + " AccessDeniedException: not authorized for account 222222222222");
        assertThat(Files.readString(incomplete.resolve("summary.html"))).contains("id=\"incomplete\"");
        assertThat(JSON.readTree(incomplete.resolve("evidence.json").toFile()).path("complete").asBoolean()).isFalse();
        assertThat(Rfc4180.parse(Files.readString(incomplete.resolve("evidence.csv")))).hasSize(5);
        assertThat(err.toString()).contains("evidence: INCOMPLETE: 1 read(s) failed", "AccessDeniedException",
                "nothing was written to " + dir);
        assertThat(temp).isDirectoryNotContaining(p -> p.getFileName().toString().contains(".staging-"));
    }

    @Test
    void evidence_whenRuleDoesNotExist_exitsOneAndWritesNothing() {
        config.fail("DescribeConfigRules", 400, "NoSuchConfigRuleException", "The ConfigRule 'nope' provided in"
                + " the request is invalid. Please check the configRule name.");
        Path dir = temp.resolve("none");

        int exit = run("--rule", "nope", "--out", dir.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("no Config rule named 'nope' in us-east-1");
        assertThat(temp).isEmptyDirectory();
    }

    @Test
    void evidence_whenOutFolderHoldsFiles_refusesBeforeAnyCall() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("used"));
        Files.writeString(dir.resolve("manifest.json"), "{}");

        int exit = run("--rule", RULE, "--out", dir.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("already holds files");
        assertThat(config.requests("DescribeConfigRules")).isEmpty();
    }

    @Test
    void main_whenAskedForHelp_listsTheEvidenceCommand() {
        assertThat(new CommandLine(new Main()).getSubcommands()).containsKey("evidence");
    }

    private void givenRuleDefined() {
        config.answer("DescribeConfigRules", "describe-config-rules.json");
        config.answer("DescribeConfigRuleEvaluationStatus", "describe-config-rule-evaluation-status.json");
    }

    private void givenAggregatorRules() {
        config.answer("DescribeAggregateComplianceByConfigRules", "describe-aggregate-compliance-page-1.json");
        config.answer("DescribeAggregateComplianceByConfigRules", "describe-aggregate-compliance-page-2.json",
                "$[?(@.NextToken == 'rules-page-2')]");
    }

    private void givenAggregateResults() {
        for (String account : List.of("111111111111", "222222222222")) {
            for (String region : List.of("us-east-1", "eu-west-1")) {
                config.answer("GetAggregateComplianceDetailsByConfigRule",
                        "get-aggregate-compliance-details-" + account + "-" + region + ".json",
                        "$[?(@.AccountId == '" + account + "')]", "$[?(@.AwsRegion == '" + region + "')]",
                        "$[?(@.ConfigurationAggregatorName == '" + AGGREGATOR + "')]");
            }
        }
    }

    private int run(String... args) {
        EvidenceCommand command = new EvidenceCommand().withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        return new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    /** Recomputes every file's SHA-256 and size, as an auditor would, and compares with the manifest. */
    private static void assertManifestMatchesFiles(Path dir) throws Exception {
        JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
        assertThat(manifest.path("complete").asBoolean()).isTrue();
        assertThat(manifest.path("exportedAt").asText()).isEqualTo(NOW.toString());
        assertThat(manifest.path("tool").path("version").asText()).isNotBlank();
        List<JsonNode> files = StreamSupport.stream(manifest.path("files").spliterator(), false).toList();
        assertThat(files).extracting(f -> f.path("name").asText())
                .containsExactly("evidence.csv", "evidence.json", "summary.html");
        for (JsonNode file : files) {
            byte[] bytes = Files.readAllBytes(dir.resolve(file.path("name").asText()));
            String sha256 = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
            assertThat(file.path("sha256").asText()).as(file.path("name").asText()).isEqualTo(sha256);
            assertThat(file.path("bytes").asLong()).isEqualTo(bytes.length);
        }
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("evidence.csv", "evidence.json", "manifest.json", "summary.html");
        }
    }
}
