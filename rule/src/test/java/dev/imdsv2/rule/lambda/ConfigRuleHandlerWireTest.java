package dev.imdsv2.rule.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imdsv2.rule.EvidenceUnavailableException;
import dev.imdsv2.rule.aws.Accounts;
import dev.imdsv2.rule.event.MalformedEventException;
import dev.imdsv2.rule.wire.FakeAws;
import dev.imdsv2.rule.wire.FakeAws.Answer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Lambda handler end to end: Config's events from {@code test-fixtures/events/},
 * the real SDK clients, and {@link FakeAws} answering as EC2, Auto Scaling, STS and Config.
 */
class ConfigRuleHandlerWireTest {

    private static final String DESCRIBE_VERSIONS = "DescribeLaunchTemplateVersions";
    private static final String DESCRIBE_GROUPS = "DescribeAutoScalingGroups";
    private static final String GET_DETAILS = "GetComplianceDetailsByConfigRule";
    private static final String PUT = "PutEvaluations";
    private static final String TOKEN = "eyJyZXN1bHRUb2tlbiI6ImV4YW1wbGUifQ==";
    private static final String ARN_PREFIX = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:";
    private static final String WEB_ARN =
            ARN_PREFIX + "5f1c2a9e-7b3d-4c1e-9a0f-1d2e3f4a5b6c:autoScalingGroupName/web-asg";
    private static final String BATCH_ARN =
            ARN_PREFIX + "8e2d4b6a-1c3f-4e5a-8b7c-9d0e1f2a3b4c:autoScalingGroupName/batch-asg";
    private static final String LEGACY_ARN =
            ARN_PREFIX + "2b7e9c1d-4a6f-4d3b-8e5a-7c9d1e3f5a7b:autoScalingGroupName/legacy-asg";
    private static final String API_ARN =
            ARN_PREFIX + "3c8f0d2e-5b7a-4e4c-9f6b-8d0e2f4a6b8c:autoScalingGroupName/api-asg";
    private static final String OLD_ARN =
            ARN_PREFIX + "4d9a1e3f-6c8b-4f5d-a07c-9e1f3a5b7c9d:autoScalingGroupName/old-asg";

    private static final String WEB_LATEST_OPTIONAL =
            "lt-0123456789abcdef0 (web-template) version 4 ($Latest): HttpTokens=optional";
    private static final String WEB_DEFAULT_REQUIRED =
            "IMDSv2 required: lt-0123456789abcdef0 (web-template) version 3 ($Default): HttpTokens=required";
    private static final String BATCH_REQUIRED = "IMDSv2 required: lt-0123456789abcdef1 (batch-template) version 2"
            + " ($Default): HttpTokens=required; and 2 more of 3 judged";
    private static final String LEGACY_NOT_JUDGED =
            "uses launch configuration legacy-lc; not judged (LaunchConfigurations=NOT_APPLICABLE)";

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void handleRequest_whenMixedGroupChanges_asksEachTemplateOnceAndPutsOneEvaluation() throws Exception {
        stubBatchTemplates();
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));

        String answer = handle(event("group-change-mixed.json"));

        assertThat(aws.requests(DESCRIBE_VERSIONS)).extracting(FakeAws.Sent::form).containsExactly(
                Map.of("Action", DESCRIBE_VERSIONS, "Version", "2016-11-15",
                        "LaunchTemplateId", "lt-0123456789abcdef1", "LaunchTemplateVersion.1", "$Default"),
                Map.of("Action", DESCRIBE_VERSIONS, "Version", "2016-11-15",
                        "LaunchTemplateId", "lt-0123456789abcdef2", "LaunchTemplateVersion.1", "3"),
                Map.of("Action", DESCRIBE_VERSIONS, "Version", "2016-11-15",
                        "LaunchTemplateName", "batch-gpu-template", "LaunchTemplateVersion.1", "$Latest"));
        assertThat(aws.requests(PUT)).singleElement().satisfies(sent -> assertThat(sent.json()).isEqualTo(json("""
                {"Evaluations":[{
                    "ComplianceResourceType":"AWS::AutoScaling::AutoScalingGroup",
                    "ComplianceResourceId":"%s",
                    "ComplianceType":"COMPLIANT",
                    "Annotation":"%s",
                    "OrderingTimestamp":1763653262.337}],
                 "ResultToken":"%s"}
                """.formatted(BATCH_ARN, BATCH_REQUIRED, TOKEN))));
        assertThat(aws.requests()).extracting(FakeAws.Sent::action)
                .containsOnly(DESCRIBE_VERSIONS, PUT);
        assertThat(answer).isEqualTo("{\"evaluations\":1}");
    }

    @Test
    void handleRequest_whenOversizedChange_fetchesTheItemThenJudgesIt() throws Exception {
        aws.on("GetResourceConfigHistory").with("resourceId", BATCH_ARN)
                .answer(Answer.file("config/get-resource-config-history-batch-asg.json"));
        stubBatchTemplates();
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));

        handle(event("group-change-oversized.json"));

        assertThat(aws.count("GetResourceConfigHistory")).isEqualTo(1);
        assertThat(aws.count(DESCRIBE_VERSIONS)).isEqualTo(3);
        JsonNode evaluation = aws.requests(PUT).getFirst().json().get("Evaluations").get(0);
        assertThat(evaluation.get("ComplianceResourceId").textValue()).isEqualTo(BATCH_ARN);
        assertThat(evaluation.get("ComplianceType").textValue()).isEqualTo("COMPLIANT");
        assertThat(evaluation.get("OrderingTimestamp").doubleValue()).isEqualTo(1763653262.337);
    }

    @Test
    void handleRequest_whenTestModeToken_putsWithTestModeTrue() throws Exception {
        aws.on(DESCRIBE_VERSIONS).with("LaunchTemplateId", "lt-0123456789abcdef0")
                .with("LaunchTemplateVersion.1", "$Latest")
                .answer(Answer.file("ec2/describe-launch-template-versions-web-template-latest.xml"));
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));

        handle(event("group-change-direct-test-mode.json"));

        assertThat(aws.requests(PUT)).singleElement().satisfies(sent -> assertThat(sent.json()).isEqualTo(json("""
                {"Evaluations":[{
                    "ComplianceResourceType":"AWS::AutoScaling::AutoScalingGroup",
                    "ComplianceResourceId":"%s",
                    "ComplianceType":"NON_COMPLIANT",
                    "Annotation":"%s",
                    "OrderingTimestamp":1763647391.204}],
                 "ResultToken":"TESTMODE",
                 "TestMode":true}
                """.formatted(WEB_ARN, WEB_LATEST_OPTIONAL))));
    }

    @Test
    void handleRequest_whenScheduled_putsOnlyChangedResultsAndVanishedGroups() throws Exception {
        stubSweep();

        String answer = handle(event("scheduled.json"));

        assertThat(aws.requests(DESCRIBE_GROUPS)).extracting(s -> s.form().get("NextToken"))
                .containsExactly(null, "dGhlLXNlY29uZC1wYWdl");
        assertThat(aws.requests(GET_DETAILS)).hasSize(2)
                .allSatisfy(s -> assertThat(s.json().get("ConfigRuleName").textValue())
                        .isEqualTo("asg-imdsv2-required"));
        assertThat(aws.requests(DESCRIBE_VERSIONS)).extracting(s -> s.form().get("LaunchTemplateId"))
                .containsExactly("lt-0123456789abcdef0", "lt-0123456789abcdef1", "lt-0123456789abcdef2", null);
        assertThat(aws.requests(PUT)).singleElement().satisfies(sent -> assertThat(sent.json()).isEqualTo(json("""
                {"Evaluations":[
                    {"ComplianceResourceType":"AWS::AutoScaling::AutoScalingGroup",
                     "ComplianceResourceId":"%s","ComplianceType":"COMPLIANT",
                     "Annotation":"%s","OrderingTimestamp":1763683205.931},
                    {"ComplianceResourceType":"AWS::AutoScaling::AutoScalingGroup",
                     "ComplianceResourceId":"%s","ComplianceType":"NOT_APPLICABLE",
                     "Annotation":"%s","OrderingTimestamp":1763683205.931},
                    {"ComplianceResourceType":"AWS::AutoScaling::AutoScalingGroup",
                     "ComplianceResourceId":"%s","ComplianceType":"NOT_APPLICABLE",
                     "Annotation":"group no longer exists","OrderingTimestamp":1763683205.931}],
                 "ResultToken":"%s"}
                """.formatted(BATCH_ARN, BATCH_REQUIRED, LEGACY_ARN, LEGACY_NOT_JUDGED, OLD_ARN, TOKEN))));
        assertThat(answer).isEqualTo("{\"evaluations\":3}");
    }

    @Test
    void handleRequest_whenScheduledWithReportUnchanged_putsEveryResult() throws Exception {
        stubSweep();
        ObjectNode event = event("scheduled.json");
        event.put("ruleParameters", "{\"ReportUnchanged\":\"TRUE\"}");

        handle(event);

        JsonNode evaluations = aws.requests(PUT).getFirst().json().get("Evaluations");
        assertThat(aws.count(PUT)).isEqualTo(1);
        assertThat(evaluations.valueStream().map(e -> List.of(
                e.get("ComplianceResourceId").textValue(),
                e.get("ComplianceType").textValue(),
                e.get("Annotation").textValue()))).containsExactly(
                List.of(WEB_ARN, "NON_COMPLIANT", WEB_LATEST_OPTIONAL),
                List.of(BATCH_ARN, "COMPLIANT", BATCH_REQUIRED),
                List.of(LEGACY_ARN, "NOT_APPLICABLE", LEGACY_NOT_JUDGED),
                List.of(API_ARN, "COMPLIANT", WEB_DEFAULT_REQUIRED),
                List.of(OLD_ARN, "NOT_APPLICABLE", "group no longer exists"));
    }

    @Test
    void handleRequest_whenRecordedResultsAreDenied_putsEveryVerdictThenFailsNamingTheCall() throws Exception {
        stubSweep();
        aws.on(GET_DETAILS).with("ConfigRuleName", "asg-imdsv2-required").without("NextToken")
                .answer(Answer.error(400, "AccessDeniedException", "not authorized"));
        ObjectNode event = event("scheduled.json");

        assertThatThrownBy(() -> handle(event))
                .isInstanceOf(EvidenceUnavailableException.class)
                .hasMessageContaining("config:GetComplianceDetailsByConfigRule failed with AccessDeniedException")
                .hasMessageContaining("put all 4 evaluation(s)");

        assertThat(aws.requests(PUT)).singleElement().satisfies(sent -> assertThat(
                sent.json().get("Evaluations").valueStream().map(e -> e.get("ComplianceResourceId").textValue()))
                .containsExactly(WEB_ARN, BATCH_ARN, LEGACY_ARN, API_ARN));
    }

    @Test
    void handleRequest_whenLaunchTemplateChanges_judgesOnlyTheGroupsNamingIt() throws Exception {
        stubGroupPages();
        aws.on(DESCRIBE_VERSIONS).with("LaunchTemplateId", "lt-0123456789abcdef0")
                .with("LaunchTemplateVersion.1", "$Latest").with("LaunchTemplateVersion.2", "$Default")
                .answer(Answer.file("ec2/describe-launch-template-versions-web-template-latest-default.xml"));
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));

        handle(event("template-change.json"));

        assertThat(aws.count(DESCRIBE_VERSIONS)).isEqualTo(1);
        assertThat(aws.count(GET_DETAILS)).isZero();
        assertThat(aws.requests(PUT)).singleElement().satisfies(sent -> assertThat(sent.json()).isEqualTo(json("""
                {"Evaluations":[
                    {"ComplianceResourceType":"AWS::AutoScaling::AutoScalingGroup",
                     "ComplianceResourceId":"%s","ComplianceType":"NON_COMPLIANT",
                     "Annotation":"%s","OrderingTimestamp":1763647120.551},
                    {"ComplianceResourceType":"AWS::AutoScaling::AutoScalingGroup",
                     "ComplianceResourceId":"%s","ComplianceType":"COMPLIANT",
                     "Annotation":"%s","OrderingTimestamp":1763647120.551}],
                 "ResultToken":"%s"}
                """.formatted(WEB_ARN, WEB_LATEST_OPTIONAL, API_ARN, WEB_DEFAULT_REQUIRED, TOKEN))));
    }

    @Test
    void handleRequest_whenOneTemplateIsDenied_putsTheDecidableGroupsAndFailsNamingTheRest() throws Exception {
        stubSweep();
        aws.on(DESCRIBE_VERSIONS).with("LaunchTemplateId", "lt-0123456789abcdef2").with("LaunchTemplateVersion.1", "3")
                .answer(Answer.error(403, "UnauthorizedOperation",
                        "You are not authorized to perform this operation."));
        ObjectNode event = event("scheduled.json");

        assertThatThrownBy(() -> handle(event))
                .isInstanceOf(EvidenceUnavailableException.class)
                .hasMessageContaining("ec2:DescribeLaunchTemplateVersions failed with UnauthorizedOperation")
                .hasMessageContaining(BATCH_ARN)
                .hasMessageNotContaining(WEB_ARN);

        JsonNode evaluations = aws.requests(PUT).getFirst().json().get("Evaluations");
        assertThat(evaluations.valueStream().map(e -> e.get("ComplianceResourceId").textValue()))
                .containsExactly(LEGACY_ARN, OLD_ARN);
    }

    @Test
    void handleRequest_whenExecutionRoleNamed_makesEveryCallAsTheMemberAccountsRole() throws Exception {
        aws.on("AssumeRole").with("RoleArn", "arn:aws:iam::111122223333:role/ImdsV2RuleExecution")
                .answer(Answer.file("sts/assume-role.xml"));
        stubBatchTemplates();
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));
        ObjectNode event = event("group-change-mixed.json");
        event.put("accountId", "111122223333");
        event.put("ruleParameters", "{\"ExecutionRoleName\":\"ImdsV2RuleExecution\"}");
        ConfigRuleHandler handler = handler();

        handle(handler, event);
        handle(handler, event);

        assertThat(aws.count("AssumeRole")).isEqualTo(1);
        assertThat(aws.requests()).filteredOn(s -> !s.action().equals("AssumeRole"))
                .hasSize(8)
                .extracting(FakeAws.Sent::accessKeyId)
                .containsOnly("ASIAFAKEASSUMED11111");
    }

    @ParameterizedTest
    @ValueSource(strings = {"malformed-not-json.json", "malformed-unknown-message-type.json",
            "malformed-missing-invoking-event.json", "malformed-live-item-without-configuration.json"})
    void handleRequest_whenEventIsMalformed_throwsAndCallsNothing(String file) {
        byte[] bytes = fixtureBytes(file);

        assertThatThrownBy(() -> handler().handleRequest(new ByteArrayInputStream(bytes),
                new ByteArrayOutputStream(), null))
                .isInstanceOf(MalformedEventException.class);
        assertThat(aws.requests()).isEmpty();
    }

    private void stubBatchTemplates() {
        aws.on(DESCRIBE_VERSIONS).with("LaunchTemplateId", "lt-0123456789abcdef1")
                .with("LaunchTemplateVersion.1", "$Default")
                .answer(Answer.file("ec2/describe-launch-template-versions-batch-template-default.xml"));
        aws.on(DESCRIBE_VERSIONS).with("LaunchTemplateId", "lt-0123456789abcdef2").with("LaunchTemplateVersion.1", "3")
                .answer(Answer.file("ec2/describe-launch-template-versions-batch-arm-template-3.xml"));
        aws.on(DESCRIBE_VERSIONS).with("LaunchTemplateName", "batch-gpu-template")
                .with("LaunchTemplateVersion.1", "$Latest")
                .answer(Answer.file("ec2/describe-launch-template-versions-batch-gpu-template-latest.xml"));
    }

    private void stubGroupPages() {
        aws.on(DESCRIBE_GROUPS).with("MaxRecords", "100").without("NextToken")
                .answer(Answer.file("autoscaling/describe-auto-scaling-groups-page-1-of-2.xml"));
        aws.on(DESCRIBE_GROUPS).with("MaxRecords", "100").with("NextToken", "dGhlLXNlY29uZC1wYWdl")
                .answer(Answer.file("autoscaling/describe-auto-scaling-groups-page-2-of-2.xml"));
    }

    /** Two pages of groups, two pages of recorded results, every template answered, Config accepting. */
    private void stubSweep() {
        stubGroupPages();
        aws.on(GET_DETAILS).without("NextToken")
                .answer(Answer.file("config/get-compliance-details-by-config-rule-page-1.json"));
        aws.on(GET_DETAILS).with("NextToken", "bmV4dC1jb21wbGlhbmNlLXBhZ2U=")
                .answer(Answer.file("config/get-compliance-details-by-config-rule-page-2.json"));
        aws.on(DESCRIBE_VERSIONS).with("LaunchTemplateId", "lt-0123456789abcdef0")
                .with("LaunchTemplateVersion.1", "$Latest").with("LaunchTemplateVersion.2", "$Default")
                .answer(Answer.file("ec2/describe-launch-template-versions-web-template-latest-default.xml"));
        stubBatchTemplates();
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));
    }

    private ConfigRuleHandler handler() {
        return new ConfigRuleHandler(Accounts.fromEnvironment(mapper, UnaryOperator.identity()));
    }

    private String handle(ObjectNode event) throws IOException {
        return handle(handler(), event);
    }

    private String handle(ConfigRuleHandler handler, ObjectNode event) throws IOException {
        var output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(mapper.writeValueAsBytes(event)), output, null);
        return output.toString(StandardCharsets.UTF_8);
    }

    private ObjectNode event(String file) throws IOException {
        return (ObjectNode) mapper.readTree(fixtureBytes(file));
    }

    private static byte[] fixtureBytes(String file) {
        try {
            return Files.readAllBytes(FakeAws.fixturesDir().resolve("events").resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
