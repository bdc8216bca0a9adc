package dev.imdsv2.rule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.wire.FakeAws;
import dev.imdsv2.rule.wire.FakeAws.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, end to end, as a person or a pipeline runs it: a child
 * {@code java -jar rule.jar} process with the standard AWS SDK environment
 * pointed at {@link FakeAws}, judged by its exit code, stdout and stderr.
 */
class CliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of(System.getProperty("rule.jar", "target/rule.jar")).toAbsolutePath();
    private static final Path FIXTURES = FakeAws.fixturesDir().toAbsolutePath();
    private static final String WEB_ASG_ARN = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "5f1c2a9e-7b3d-4c1e-9a0f-1d2e3f4a5b6c:autoScalingGroupName/web-asg";

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    @TempDir
    Path tmp;

    @Test
    void scanFrom_whenReadmeCommandRunFromRepositoryRoot_printsTableAndExitsNonCompliant() throws Exception {
        Result result = run(FIXTURES.getParent(), Map.of(), "scan", "--from", "test-fixtures/demo-account");

        assertThat(result.exit()).isEqualTo(Main.NON_COMPLIANT);
        assertThat(ScanOutput.tableVerdicts(result.out())).containsExactlyInAnyOrderEntriesOf(DemoAccount.VERDICTS);
        assertThat(ScanOutput.summary(result.out())).isEqualTo(DemoAccount.SUMMARY);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void scanFrom_whenJsonAndCsv_giveTheTableVerdicts() throws Exception {
        Result json = run("scan", "--from", DemoAccount.dir().toString(), "--format", "json");
        Result csv = run("scan", "--from", DemoAccount.dir().toString(), "--format", "csv");

        assertThat(ScanOutput.jsonVerdicts(json.out())).containsExactlyInAnyOrderEntriesOf(DemoAccount.VERDICTS);
        assertThat(ScanOutput.csvVerdicts(csv.out())).containsExactlyInAnyOrderEntriesOf(DemoAccount.VERDICTS);
        assertThat(List.of(json.exit(), csv.exit())).containsOnly(Main.NON_COMPLIANT);
    }

    @Test
    void scanFrom_whenParameterFlipsGroup_printsNewVerdict() throws Exception {
        Result result = run("scan", "--from", DemoAccount.dir().toString(),
                "--rule-parameters", "{\"AccountDefaults\":\"HONOR\",\"ExemptionTag\":\"imdsv2-exempt\"}");

        assertThat(ScanOutput.tableVerdicts(result.out())).containsExactlyInAnyOrderEntriesOf(DemoAccount.verdictsWith(
                Map.of("internal-tools", "COMPLIANT", "batch-workers", "COMPLIANT",
                        "vendor-appliance", "NOT_APPLICABLE")));
    }

    @Test
    void scanFrom_whenAllCompliant_exitsZero() throws Exception {
        Result result = run("scan", "--from", DemoAccount.compliantDir().toString());

        assertThat(result.exit()).isZero();
        assertThat(ScanOutput.summary(result.out())).isEqualTo("3 groups: 3 COMPLIANT");
    }

    @Test
    void scanFrom_whenParameterInvalid_exitsUsageNamingKeyAndValue() throws Exception {
        Result result = run("scan", "--from", DemoAccount.dir().toString(),
                "--rule-parameters", "{\"AccountDefaults\":\"honor\"}");

        assertThat(result.exit()).isEqualTo(Main.USAGE);
        assertThat(result.err()).contains("'AccountDefaults'", "IGNORE, HONOR", "'honor'");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void scanFrom_whenFolderMissing_exitsUsage() throws Exception {
        Result result = run("scan", "--from", tmp.resolve("missing").toString());

        assertThat(result.exit()).isEqualTo(Main.USAGE);
        assertThat(result.err()).contains("is not a folder");
    }

    @Test
    void scan_whenLiveAccountServesDemoAccount_printsTheOfflineVerdictsAndPutsNothing() throws Exception {
        DemoAccountAnswers.serve(aws, DemoAccount.dir());

        Result result = run("scan");

        assertThat(result.exit()).as(result.err()).isEqualTo(Main.NON_COMPLIANT);
        assertThat(ScanOutput.tableVerdicts(result.out())).containsExactlyInAnyOrderEntriesOf(DemoAccount.VERDICTS);
        assertThat(ScanOutput.summary(result.out())).isEqualTo(DemoAccount.SUMMARY);
        assertThat(aws.requests("DescribeAutoScalingGroups")).singleElement()
                .satisfies(sent -> assertThat(sent.form()).containsEntry("MaxRecords", "100"));
        assertReadOnly();
    }

    @Test
    void scan_whenLiveAccountAllCompliant_exitsZeroAndPutsNothing() throws Exception {
        DemoAccountAnswers.serve(aws, DemoAccount.compliantDir());

        Result result = run("scan");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(ScanOutput.tableVerdicts(result.out())).containsOnlyKeys("web-frontend", "orders-api", "ci-runners")
                .containsValues("COMPLIANT");
        assertThat(aws.count("DescribeLaunchTemplateVersions")).isEqualTo(4);
        assertReadOnly();
    }

    @Test
    void scan_whenListingGroupsDenied_exitsFailedNamingCallAndCode() throws Exception {
        aws.on("DescribeAutoScalingGroups").answer(Answer.error(403, "AccessDenied",
                "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform:"
                        + " autoscaling:DescribeAutoScalingGroups"));

        Result result = run("scan");

        assertThat(result.exit()).isEqualTo(Main.FAILED);
        assertThat(result.err()).contains("autoscaling:DescribeAutoScalingGroups", "AccessDenied");
        assertThat(result.out()).isEmpty();
        assertReadOnly();
    }

    @Test
    void invoke_whenGroupChanged_printsEachEvaluationPutAndExitsZero() throws Exception {
        aws.on("DescribeLaunchTemplateVersions").with("LaunchTemplateId", "lt-0123456789abcdef0")
                .answer(Answer.file("ec2/describe-launch-template-versions-web-template-latest.xml"));
        aws.on("PutEvaluations").answer(Answer.file("config/put-evaluations-ok.json"));

        Result result = run("invoke", event("group-change-direct.json"));

        assertThat(result.exit()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(1);
        JsonNode printed = JSON.readTree(lines.getFirst());
        assertThat(printed.get("ComplianceResourceType").asText()).isEqualTo("AWS::AutoScaling::AutoScalingGroup");
        assertThat(printed.get("ComplianceResourceId").asText()).isEqualTo(WEB_ASG_ARN);
        assertThat(printed.get("ComplianceType").asText()).isEqualTo("NON_COMPLIANT");
        assertThat(printed.get("Annotation").asText())
                .isEqualTo("lt-0123456789abcdef0 (web-template) version 4 ($Latest): HttpTokens=optional");
        assertThat(printed.get("OrderingTimestamp").asText()).isEqualTo("2025-11-20T14:03:11.204Z");

        JsonNode put = aws.requests("PutEvaluations").getFirst().json();
        assertThat(aws.count("PutEvaluations")).isEqualTo(1);
        assertThat(put.get("ResultToken").asText()).isEqualTo("eyJyZXN1bHRUb2tlbiI6ImV4YW1wbGUifQ==");
        assertThat(put.get("Evaluations")).hasSize(1);
        JsonNode evaluation = put.get("Evaluations").get(0);
        assertThat(evaluation.get("ComplianceResourceId").asText()).isEqualTo(WEB_ASG_ARN);
        assertThat(evaluation.get("ComplianceType").asText()).isEqualTo("NON_COMPLIANT");
        assertThat(evaluation.get("Annotation").asText()).isEqualTo(printed.get("Annotation").asText());
        assertThat(aws.requests("PutEvaluations").getFirst().accessKeyId()).isEqualTo(FakeAws.ACCESS_KEY_ID);
    }

    @Test
    void invoke_whenPutEvaluationsDenied_exitsFailedWithMessageOnStderr() throws Exception {
        aws.on("DescribeLaunchTemplateVersions").with("LaunchTemplateId", "lt-0123456789abcdef0")
                .answer(Answer.file("ec2/describe-launch-template-versions-web-template-latest.xml"));
        aws.on("PutEvaluations").answer(Answer.error(400, "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/asg-imdsv2-rule/fn is not authorized to perform:"
                        + " config:PutEvaluations"));

        Result result = run("invoke", event("group-change-direct.json"));

        assertThat(result.exit()).isEqualTo(Main.FAILED);
        assertThat(result.err()).contains("config:PutEvaluations", "AccessDeniedException", WEB_ASG_ARN);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void invoke_whenEventMalformed_exitsFailedAndCallsNothing() throws Exception {
        Result result = run("invoke", event("malformed-not-json.json"));

        assertThat(result.exit()).isEqualTo(Main.FAILED);
        assertThat(result.err()).contains("event is not JSON");
        assertThat(result.out()).isEmpty();
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void invoke_whenRuleParameterInvalid_exitsFailedNamingItAndPutsNothing() throws Exception {
        Result result = run("invoke", event("malformed-bad-rule-parameters.json"));

        assertThat(result.exit()).isEqualTo(Main.FAILED);
        assertThat(result.err()).contains("'VersionToJudge'", "'latest '");
        assertThat(result.out()).isEmpty();
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void invoke_whenNoEventGiven_exitsUsage() throws Exception {
        Result result = run("invoke");

        assertThat(result.exit()).isEqualTo(Main.USAGE);
        assertThat(result.err()).contains("EVENT");
    }

    @Test
    void invoke_whenEventFileMissing_exitsUsageNamingIt() throws Exception {
        Path missing = tmp.resolve("no-such-event.json");

        Result result = run("invoke", missing.toString());

        assertThat(result.exit()).isEqualTo(Main.USAGE);
        assertThat(result.err()).contains("cannot read event file", missing.toString());
        assertThat(aws.requests()).isEmpty();
    }

    @Test
    void version_whenAsked_printsTheManifestVersion() throws Exception {
        Result result = run("--version");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).startsWith("asg-imdsv2-rule ").doesNotContain("development");
    }

    private void assertReadOnly() {
        assertThat(aws.requests()).extracting(FakeAws.Sent::action)
                .doesNotContain("PutEvaluations", "GetComplianceDetailsByConfigRule");
    }

    private static String event(String name) {
        return FIXTURES.resolve("events").resolve(name).toString();
    }

    private Result run(String... args) throws Exception {
        return run(tmp, aws.environment(), args);
    }

    /**
     * Runs the jar with only the AWS settings given: the caller's own AWS
     * environment, profiles and instance metadata are kept out of reach.
     */
    private Result run(Path workingDir, Map<String, String> awsEnvironment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("AWS_"));
        environment.put("AWS_CONFIG_FILE", tmp.resolve("no-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", tmp.resolve("no-credentials").toString());
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.putAll(awsEnvironment);

        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("rule.jar " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), read(out), read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    /** What one run of the jar did. */
    private record Result(int exit, String out, String err) {
    }
}
