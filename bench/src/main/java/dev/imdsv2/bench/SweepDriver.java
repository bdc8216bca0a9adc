package dev.imdsv2.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imdsv2.rule.aws.Accounts;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.lambda.ConfigRuleHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Runs the rule the way Config does: a {@code ScheduledNotification} event
 * through the real Lambda handler, whose clients find the endpoint, region
 * and credentials in the standard SDK environment.
 */
public final class SweepDriver {

    public static final String RULE_NAME = "asg-imdsv2-bench";
    private static final ObjectMapper MAPPER = Json.mapper();

    /** One sweep: how long the handler took, what it answered, and the heap it needed. */
    public record Outcome(long wallMillis, int evaluationsPut, String failure, long peakHeapBytes) {
    }

    private final ConfigRuleHandler handler;

    /** Builds the handler's clients, as a Lambda container does once. */
    public SweepDriver() {
        this.handler = new ConfigRuleHandler(Accounts.fromEnvironment(MAPPER, UnaryOperator.identity()));
    }

    public Outcome sweep(boolean reportUnchanged) {
        byte[] event = scheduledEvent(reportUnchanged);
        HeapPeak peak = HeapPeak.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        long start = System.nanoTime();
        String failure = null;
        try {
            handler.handleRequest(new ByteArrayInputStream(event), output, null);
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        int put = failure == null ? answered(output.toByteArray()) : -1;
        return new Outcome(wall, put, failure, peak.bytes());
    }

    private static int answered(byte[] output) {
        try {
            return MAPPER.readTree(output).path("evaluations").asInt();
        } catch (IOException e) {
            throw new IllegalStateException("the handler answered something other than JSON", e);
        }
    }

    static byte[] scheduledEvent(boolean reportUnchanged) {
        ObjectNode invoking = MAPPER.createObjectNode()
                .put("awsAccountId", Fleet.ACCOUNT)
                .put("notificationCreationTime", Instant.now().toString())
                .put("messageType", "ScheduledNotification")
                .put("recordVersion", "1.0");
        ObjectNode event = MAPPER.createObjectNode()
                .put("invokingEvent", invoking.toString())
                .put("ruleParameters", reportUnchanged ? "{\"ReportUnchanged\":\"TRUE\"}" : "{}")
                .put("resultToken", "bench-result-token")
                .put("eventLeftScope", false)
                .put("executionRoleArn", "arn:aws:iam::" + Fleet.ACCOUNT + ":role/aws-service-role/config")
                .put("configRuleArn", "arn:aws:config:" + Fleet.REGION + ":" + Fleet.ACCOUNT
                        + ":config-rule/config-rule-bench")
                .put("configRuleName", RULE_NAME)
                .put("configRuleId", "config-rule-bench")
                .put("accountId", Fleet.ACCOUNT)
                .put("version", "1.0");
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }
}
