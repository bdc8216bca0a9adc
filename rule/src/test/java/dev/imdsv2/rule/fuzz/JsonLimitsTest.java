package dev.imdsv2.rule.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imdsv2.rule.aws.Accounts;
import dev.imdsv2.rule.aws.AwsCallFailedException;
import dev.imdsv2.rule.aws.ConfigHistory;
import dev.imdsv2.rule.event.EventParser;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.event.MalformedEventException;
import dev.imdsv2.rule.event.ResourceTypes;
import dev.imdsv2.rule.event.RuleParameters;
import dev.imdsv2.rule.lambda.ConfigRuleHandler;
import dev.imdsv2.rule.offline.ExportedAccount;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigurationItem;

/**
 * Each limit of the rule's JSON reader, exceeded on every path that reads
 * outside input: a MalformedEventException (or the path's documented
 * failure) naming the limit, never an OutOfMemoryError or a stack overflow.
 */
class JsonLimitsTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String WHY = "exceeds a limit of the rule's JSON reader";

    private final EventParser parser = new EventParser(Json.mapper());

    @Test
    void parse_whenEventNestsDeeperThan64_isMalformedNamingTheDepthLimit() {
        String event = "{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}";

        assertThatThrownBy(() -> parse(event))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event " + WHY)
                .hasMessageContaining("nesting depth (65) exceeds the maximum allowed (64");
    }

    @Test
    void parse_whenEventNestsAMillionDeep_isMalformedWithoutStackOverflow() {
        String event = "[".repeat(1_000_000);

        assertThatThrownBy(() -> parse(event))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void parse_whenInvokingEventNestsTooDeep_isMalformedNamingTheFieldAndLimit() {
        String invoking = "{\"a\":" + "{\"b\":".repeat(70) + "1" + "}".repeat(70) + "}";
        String event = event(invoking, "{}");

        assertThatThrownBy(() -> parse(event))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event field 'invokingEvent' " + WHY)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void parse_whenEventIsLongerThan4MiB_isMalformedNamingTheDocumentLimit() {
        // Jackson checks the length as it reads each buffer, so it stops within 8 KB past the limit.
        String event = "{\"pad\":[" + "0,".repeat(2 * 1024 * 1024 + 8 * 1024) + "0]}";

        assertThatThrownBy(() -> parse(event))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event " + WHY)
                .hasMessageContaining("Document length");
    }

    @Test
    void parse_whenAStringIsLongerThan1MiB_isMalformedNamingTheStringLimit() {
        String event = event("{\"messageType\":\"" + "x".repeat(1024 * 1024 + 1) + "\"}", "{}");

        assertThatThrownBy(() -> parse(event))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event " + WHY)
                .hasMessageContaining("String value length");
    }

    @Test
    void parse_whenANumberHasMoreThan64Digits_isMalformedNamingTheNumberLimit() {
        String event = "{\"accountId\":" + "1".repeat(65) + "}";

        assertThatThrownBy(() -> parse(event))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event " + WHY)
                .hasMessageContaining("Number value length");
    }

    @Test
    void parse_whenAFieldNameIsLongerThan1024_isMalformedNamingTheNameLimit() {
        String event = "{\"" + "k".repeat(1025) + "\":1}";

        assertThatThrownBy(() -> parse(event))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event " + WHY)
                .hasMessageContaining("Name length");
    }

    @Test
    void parse_whenEveryLimitIsMetExactly_readsTheEvent() throws IOException {
        String event = new String(Files.readAllBytes(fixture("group-change-direct.json")), StandardCharsets.UTF_8);
        ObjectNode node = (ObjectNode) PLAIN.readTree(event);
        node.put("k".repeat(1024), "x".repeat(1024 * 1024 - 2048));
        node.set("deep", PLAIN.readTree("[".repeat(62) + "]".repeat(62)));
        node.set("n", PLAIN.readTree("1".repeat(64)));

        assertThat(parse(PLAIN.writeValueAsString(node)).resultToken()).isNotBlank();
    }

    @Test
    void handleRequest_whenEventNestsTooDeep_failsNamingTheLimitBeforeAnyAwsCall() {
        // No AWS access at all: the handler must refuse the event before it needs any.
        var handler = new ConfigRuleHandler((Accounts) null);
        byte[] event = ("{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(event),
                OutputStream.nullOutputStream(), null))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event " + WHY)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void parseRuleParameters_whenNestedTooDeep_isMalformedNamingTheLimit() {
        String json = "{\"ExemptionTag\":" + "[".repeat(100) + "]".repeat(100) + "}";

        assertThatThrownBy(() -> RuleParameters.parse(json, Json.mapper()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event field 'ruleParameters' " + WHY)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void latest_whenHistoryConfigurationNestsTooDeep_failsTheCallNamingTheLimit() {
        String configuration = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        ConfigHistory history = new ConfigHistory(configAnswering(configuration), Json.mapper());

        assertThatThrownBy(() -> history.latest(ResourceTypes.AUTO_SCALING_GROUP, "arn:group"))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageContaining("MalformedConfiguration")
                .hasMessageContaining(WHY)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void read_whenExportFileIsLongerThan4MiB_refusesTheFileNamingTheLimit(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("groups.json"),
                "{\"AutoScalingGroups\":[" + "{},".repeat(1_500_000) + "{}]}");

        assertThatThrownBy(() -> ExportedAccount.read(dir, Json.mapper()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groups.json " + WHY)
                .hasMessageContaining("Document length");
    }

    private RuleInvocationResult parse(String event) {
        return new RuleInvocationResult(parser.parse(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8))).resultToken());
    }

    private record RuleInvocationResult(String resultToken) {
    }

    private static String event(String invokingEvent, String ruleParameters) {
        ObjectNode node = PLAIN.createObjectNode();
        node.put("invokingEvent", invokingEvent);
        node.put("ruleParameters", ruleParameters);
        node.put("resultToken", "token");
        return node.toString();
    }

    private static Path fixture(String name) {
        return Path.of(System.getProperty("fixtures.dir", "../test-fixtures")).resolve("events").resolve(name);
    }

    private static ConfigClient configAnswering(String configuration) {
        ConfigurationItem item = ConfigurationItem.builder()
                .resourceType(ResourceTypes.AUTO_SCALING_GROUP)
                .resourceId("arn:group")
                .configurationItemStatus("OK")
                .configurationItemCaptureTime(Instant.parse("2025-11-20T15:41:02.337Z"))
                .configuration(configuration)
                .build();
        return SdkStubs.configAnswering(item);
    }
}
