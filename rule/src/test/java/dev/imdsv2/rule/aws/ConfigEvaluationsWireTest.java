package dev.imdsv2.rule.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.aws.Evaluations.Recorded;
import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.wire.FakeAws;
import dev.imdsv2.rule.wire.FakeAws.Answer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Config's JSON 1.1 API through the real Config client, against {@link FakeAws}. */
class ConfigEvaluationsWireTest {

    private static final String PUT = "PutEvaluations";
    private static final String GET_DETAILS = "GetComplianceDetailsByConfigRule";
    private static final String ARN_PREFIX = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:";
    private static final String WEB_ARN =
            ARN_PREFIX + "5f1c2a9e-7b3d-4c1e-9a0f-1d2e3f4a5b6c:autoScalingGroupName/web-asg";
    private static final String WEB_ANNOTATION =
            "lt-0123456789abcdef0 (web-template) version 4 ($Latest): HttpTokens=optional";
    private static final String TOKEN = "eyJyZXN1bHRUb2tlbiI6ImV4YW1wbGUifQ==";
    private static final Instant CAPTURED = Instant.parse("2025-11-20T14:03:11.204Z");

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    private final ObjectMapper mapper = new ObjectMapper();
    private AwsClients clients;
    private Evaluations evaluations;

    @BeforeEach
    void buildClients() {
        clients = AwsClients.fromEnvironment();
        evaluations = clients.services(mapper).evaluations();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void put_whenOneEvaluation_sendsExactlyWhatConfigExpects() throws Exception {
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));

        evaluations.put(List.of(new Evaluation(WEB_ARN, Compliance.NON_COMPLIANT, WEB_ANNOTATION, CAPTURED)),
                TOKEN, false);

        assertThat(aws.requests(PUT)).singleElement().satisfies(sent -> {
            assertThat(sent.json()).isEqualTo(mapper.readTree("""
                    {"Evaluations":[{
                        "ComplianceResourceType":"AWS::AutoScaling::AutoScalingGroup",
                        "ComplianceResourceId":"%s",
                        "ComplianceType":"NON_COMPLIANT",
                        "Annotation":"%s",
                        "OrderingTimestamp":1763647391.204}],
                     "ResultToken":"%s"}
                    """.formatted(WEB_ARN, WEB_ANNOTATION, TOKEN)));
            assertThat(sent.header("X-Amz-Target")).isEqualTo("StarlingDoveService.PutEvaluations");
            assertThat(sent.header("Content-Type")).isEqualTo("application/x-amz-json-1.1");
        });
    }

    @Test
    void put_whenTestMode_setsTestModeTrue() {
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));

        evaluations.put(List.of(evaluation(1)), "TESTMODE", true);

        JsonNode body = aws.requests(PUT).getFirst().json();
        assertThat(body.get("TestMode").isBoolean()).isTrue();
        assertThat(body.get("TestMode").booleanValue()).isTrue();
        assertThat(body.get("ResultToken").textValue()).isEqualTo("TESTMODE");
    }

    @Test
    void put_when250Evaluations_putsThreeBatchesOf100And100And50InOrder() {
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));
        List<Evaluation> all = IntStream.rangeClosed(1, 250).mapToObj(ConfigEvaluationsWireTest::evaluation).toList();

        evaluations.put(all, TOKEN, false);

        List<JsonNode> bodies = aws.requests(PUT).stream().map(FakeAws.Sent::json).toList();
        assertThat(bodies).extracting(b -> b.get("Evaluations").size()).containsExactly(100, 100, 50);
        assertThat(bodies).allSatisfy(b -> {
            assertThat(b.get("ResultToken").textValue()).isEqualTo(TOKEN);
            assertThat(b.has("TestMode")).isFalse();
        });
        List<String> sentIds = bodies.stream()
                .flatMap(b -> b.get("Evaluations").valueStream())
                .map(e -> e.get("ComplianceResourceId").textValue())
                .toList();
        assertThat(sentIds).isEqualTo(all.stream().map(Evaluation::resourceId).toList());
    }

    @Test
    void put_whenConfigReportsFailedEvaluations_throwsNamingTheResource() {
        aws.on(PUT).answer(Answer.file("config/put-evaluations-failed.json"));

        var refused = new Evaluation(WEB_ARN, Compliance.NON_COMPLIANT, WEB_ANNOTATION, CAPTURED);

        assertThatThrownBy(() -> evaluations.put(List.of(refused), TOKEN, false))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageContaining("config:PutEvaluations")
                .hasMessageContaining("refused: " + WEB_ARN);
    }

    @Test
    void put_whenThrottledThenAccepted_retriesTheSameBatch() {
        aws.on(PUT).answer(
                Answer.error(400, "ThrottlingException", "Rate exceeded"),
                Answer.file("config/put-evaluations-ok.json"));

        evaluations.put(List.of(evaluation(1)), TOKEN, false);

        List<FakeAws.Sent> sent = aws.requests(PUT);
        assertThat(sent).extracting(FakeAws.Sent::answeredStatus).containsExactly(400, 200);
        assertThat(sent.get(1).json()).isEqualTo(sent.get(0).json());
    }

    @Test
    void put_whenTokenInvalid_throwsNamingTheCallAndCode() {
        aws.on(PUT).answer(Answer.error(400, "InvalidResultTokenException", "The resultToken provided is invalid"));

        assertThatThrownBy(() -> evaluations.put(List.of(evaluation(1)), TOKEN, false))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("config:PutEvaluations failed with InvalidResultTokenException")
                .hasMessageContaining(evaluation(1).resourceId());
    }

    @Test
    void recorded_whenTwoPages_asksForAllThreeComplianceTypesAndReadsBoth() throws Exception {
        aws.on(GET_DETAILS).without("NextToken")
                .answer(Answer.file("config/get-compliance-details-by-config-rule-page-1.json"));
        aws.on(GET_DETAILS).with("NextToken", "bmV4dC1jb21wbGlhbmNlLXBhZ2U=")
                .answer(Answer.file("config/get-compliance-details-by-config-rule-page-2.json"));

        Map<String, Recorded> recorded = evaluations.recorded("asg-imdsv2-required");

        assertThat(aws.requests(GET_DETAILS)).extracting(FakeAws.Sent::json).containsExactly(
                mapper.readTree("""
                        {"ConfigRuleName":"asg-imdsv2-required",
                         "ComplianceTypes":["COMPLIANT","NON_COMPLIANT","NOT_APPLICABLE"],"Limit":100}
                        """),
                mapper.readTree("""
                        {"ConfigRuleName":"asg-imdsv2-required",
                         "ComplianceTypes":["COMPLIANT","NON_COMPLIANT","NOT_APPLICABLE"],"Limit":100,
                         "NextToken":"bmV4dC1jb21wbGlhbmNlLXBhZ2U="}
                        """));
        assertThat(recorded).hasSize(4)
                .containsEntry(WEB_ARN, new Recorded(Compliance.NON_COMPLIANT, WEB_ANNOTATION))
                .containsKey(ARN_PREFIX + "4d9a1e3f-6c8b-4f5d-a07c-9e1f3a5b7c9d:autoScalingGroupName/old-asg");
    }

    @Test
    void recorded_whenAccessDenied_throwsNamingTheCallAndRule() {
        aws.on(GET_DETAILS).answer(Answer.error(400, "AccessDeniedException", "not authorized"));

        assertThatThrownBy(() -> evaluations.recorded("asg-imdsv2-required"))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("config:GetComplianceDetailsByConfigRule failed with AccessDeniedException")
                .hasMessageContaining("asg-imdsv2-required");
    }

    private static Evaluation evaluation(int i) {
        String arn = ARN_PREFIX + "00000000-0000-4000-8000-%012d:autoScalingGroupName/asg-%03d".formatted(i, i);
        return new Evaluation(arn, Compliance.COMPLIANT, "IMDSv2 required", CAPTURED);
    }
}
