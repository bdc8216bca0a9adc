package dev.imdsv2.rule.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imdsv2.rule.decision.Parameters;
import dev.imdsv2.rule.decision.Parameters.AccountDefaults;
import dev.imdsv2.rule.decision.Parameters.EndpointDisabled;
import dev.imdsv2.rule.decision.Parameters.ExemptionTag;
import dev.imdsv2.rule.decision.Parameters.LaunchConfigurations;
import dev.imdsv2.rule.decision.Parameters.VersionToJudge;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Config's events, as test-fixtures/events/ holds them, read into what woke
 * the rule; and every malformed one refused with the field and value named.
 */
class EventParserTest {

    private static final String WEB_ASG = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "5f1c2a9e-7b3d-4c1e-9a0f-1d2e3f4a5b6c:autoScalingGroupName/web-asg";
    private static final String BATCH_ASG = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "8e2d4b6a-1c3f-4e5a-8b7c-9d0e1f2a3b4c:autoScalingGroupName/batch-asg";
    private static final String LEGACY_ASG = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "2a4c6e8f-0b1d-4f3a-9c5e-7a9b1c3d5e7f:autoScalingGroupName/legacy-asg";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EventParser parser = new EventParser(MAPPER);

    // --- changes of a group ----------------------------------------------------------------------

    @Test
    void parse_whenGroupChangedWithDirectTemplate_isItemChangedForThatGroup() {
        RuleInvocation invocation = parse("group-change-direct.json");

        ConfigurationItem item = changedItem(invocation);
        assertThat(item.resourceType()).isEqualTo(ResourceTypes.AUTO_SCALING_GROUP);
        assertThat(item.resourceId()).isEqualTo(WEB_ASG);
        assertThat(item.resourceName()).isEqualTo("web-asg");
        assertThat(item.status()).isEqualTo("OK");
        assertThat(item.isGone()).isFalse();
        assertThat(item.captureTime()).isEqualTo(Instant.parse("2025-11-20T14:03:11.204Z"));
        assertThat(item.configuration().path("autoScalingGroupName").asText()).isEqualTo("web-asg");
        assertThat(item.tags()).isEqualTo(Map.of("team", "storefront", "env", "prod"));
    }

    @Test
    void parse_whenGroupChanged_readsTheRuleAndAccountAroundTheItem() {
        RuleInvocation invocation = parse("group-change-direct.json");

        assertThat(invocation.parameters()).isEqualTo(Parameters.DEFAULTS);
        assertThat(invocation.resultToken()).isEqualTo("eyJyZXN1bHRUb2tlbiI6ImV4YW1wbGUifQ==");
        assertThat(invocation.isTestMode()).isFalse();
        assertThat(invocation.eventLeftScope()).isFalse();
        assertThat(invocation.accountId()).isEqualTo("123456789012");
        assertThat(invocation.configRuleName()).isEqualTo("asg-imdsv2-required");
        assertThat(invocation.configRuleArn())
                .isEqualTo("arn:aws:config:us-east-1:123456789012:config-rule/config-rule-a1b2c3");
    }

    @Test
    void parse_whenGroupChangedWithMixedInstances_isItemChangedForThatGroup() {
        RuleInvocation invocation = parse("group-change-mixed.json");

        ConfigurationItem item = changedItem(invocation);
        assertThat(item.resourceId()).isEqualTo(BATCH_ASG);
        assertThat(item.resourceName()).isEqualTo("batch-asg");
        assertThat(item.status()).isEqualTo("OK");
        assertThat(item.captureTime()).isEqualTo(Instant.parse("2025-11-20T15:41:02.337Z"));
        assertThat(item.configuration().path("mixedInstancesPolicy").isObject()).isTrue();
        assertThat(item.tags()).isEqualTo(Map.of("team", "data"));
    }

    @Test
    void parse_whenResultTokenIsTestMode_isTestMode() {
        RuleInvocation invocation = parse("group-change-direct-test-mode.json");

        assertThat(invocation.isTestMode()).isTrue();
        assertThat(changedItem(invocation).resourceId()).isEqualTo(WEB_ASG);
    }

    @Test
    void parse_whenRuleHasParameters_readsThemAll() {
        RuleInvocation invocation = parse("group-change-direct-with-parameters.json");

        assertThat(invocation.parameters()).isEqualTo(new Parameters(
                VersionToJudge.LATEST,
                EndpointDisabled.COMPLIANT,
                AccountDefaults.HONOR,
                LaunchConfigurations.EVALUATE,
                Optional.of(new ExemptionTag("imdsv2-exempt", Optional.of("true"))),
                true,
                Optional.of("ConfigRuleImdsV2Reader")));
    }

    @Test
    void parse_whenItemIsOversized_isOversizedChangeWithTheSummaryOnly() {
        RuleInvocation invocation = parse("group-change-oversized.json");

        assertThat(invocation.trigger()).isInstanceOf(Trigger.OversizedItemChanged.class);
        ConfigurationItem summary = ((Trigger.OversizedItemChanged) invocation.trigger()).summary();
        assertThat(summary.resourceType()).isEqualTo(ResourceTypes.AUTO_SCALING_GROUP);
        assertThat(summary.resourceId()).isEqualTo(BATCH_ASG);
        assertThat(summary.resourceName()).isEqualTo("batch-asg");
        assertThat(summary.status()).isEqualTo("OK");
        assertThat(summary.captureTime()).isEqualTo(Instant.parse("2025-11-20T15:41:02.337Z"));
        assertThat(summary.configuration()).isNull();
    }

    @Test
    void parse_whenScheduled_isSweepAtNotificationTime() {
        RuleInvocation invocation = parse("scheduled.json");

        assertThat(invocation.trigger())
                .isEqualTo(new Trigger.Scheduled(Instant.parse("2025-11-21T00:00:05.931Z")));
        assertThat(invocation.parameters()).isEqualTo(Parameters.DEFAULTS);
        assertThat(invocation.configRuleName()).isEqualTo("asg-imdsv2-required");
    }

    // --- groups gone or out of scope -------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            group-deleted.json              | ResourceDeleted            | 2025-11-22T09:30:44.018Z | web-asg
            group-deleted-not-recorded.json | ResourceDeletedNotRecorded | 2025-11-22T10:12:09.644Z | legacy-asg
            group-not-recorded.json         | ResourceNotRecorded        | 2025-11-22T10:12:09.644Z | legacy-asg
            """)
    void parse_whenGroupIsGone_isItemWithoutConfiguration(
            String fixture, String status, Instant captured, String name) {
        RuleInvocation invocation = parse(fixture);

        ConfigurationItem item = changedItem(invocation);
        assertThat(item.status()).isEqualTo(status);
        assertThat(item.isGone()).isTrue();
        assertThat(item.configuration()).isNull();
        assertThat(item.captureTime()).isEqualTo(captured);
        assertThat(item.resourceName()).isEqualTo(name);
        assertThat(item.resourceId()).isEqualTo(name.equals("web-asg") ? WEB_ASG : LEGACY_ASG);
    }

    @Test
    void parse_whenGroupLeftScope_saysSo() {
        RuleInvocation invocation = parse("group-left-scope.json");

        assertThat(invocation.eventLeftScope()).isTrue();
        assertThat(changedItem(invocation).resourceId()).isEqualTo(WEB_ASG);
        assertThat(changedItem(invocation).captureTime()).isEqualTo(Instant.parse("2025-11-23T11:20:31.775Z"));
    }

    // --- changes of a launch template ------------------------------------------------------------

    static Stream<Arguments> templateChanges() {
        return Stream.of(
                Arguments.of("template-change.json", "OK",
                        "lt-0123456789abcdef0", "web-template", Instant.parse("2025-11-20T13:58:40.551Z")),
                Arguments.of("template-deleted.json", "ResourceDeleted",
                        "lt-0123456789abcdef2", "batch-arm-template", Instant.parse("2025-11-24T16:05:27.863Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templateChanges")
    void parse_whenLaunchTemplateChanged_isItemChangedNamingTheTemplate(
            String fixture, String status, String templateId, String templateName, Instant captured) {
        RuleInvocation invocation = parse(fixture);

        ConfigurationItem item = changedItem(invocation);
        assertThat(item.resourceType()).isEqualTo(ResourceTypes.LAUNCH_TEMPLATE);
        assertThat(item.resourceId()).isEqualTo(templateId);
        assertThat(item.resourceName()).isEqualTo(templateName);
        assertThat(item.status()).isEqualTo(status);
        assertThat(item.captureTime()).isEqualTo(captured);
    }

    // --- malformed events ------------------------------------------------------------------------

    static Stream<Arguments> malformedEvents() {
        return Stream.of(
                Arguments.of("malformed-missing-invoking-event.json",
                        "event field 'invokingEvent' is missing"),
                Arguments.of("malformed-unknown-message-type.json",
                        "invokingEvent field 'messageType' must be one of ConfigurationItemChangeNotification,"
                                + " OversizedConfigurationItemChangeNotification, ScheduledNotification;"
                                + " got 'ConfigurationSnapshotDeliveryCompleted'"),
                Arguments.of("malformed-live-item-without-configuration.json",
                        "configurationItem of " + WEB_ASG + " has status OK but no 'configuration' object"),
                Arguments.of("malformed-bad-rule-parameters.json",
                        "ruleParameters key 'VersionToJudge' must be one of REFERENCED, LATEST, DEFAULT;"
                                + " got 'latest '"),
                Arguments.of("malformed-wrong-resource-type.json",
                        "configurationItem field 'resourceType' must be AWS::AutoScaling::AutoScalingGroup"
                                + " or AWS::EC2::LaunchTemplate; got 'AWS::EC2::Instance' (check the rule's scope)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedEvents")
    void parse_whenEventIsMalformed_isRefusedNamingFieldAndValue(String fixture, String message) {
        assertThatThrownBy(() -> parse(fixture))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage(message);
    }

    @Test
    void parse_whenInvokingEventIsNotJson_isRefusedNamingFieldAndValue() {
        assertThatThrownBy(() -> parse("malformed-invoking-event-not-json.json"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event field 'invokingEvent' does not hold JSON: ")
                .hasMessageEndingWith(
                        "; got 'configurationItem=web-asg; messageType=ConfigurationItemChangeNotification'");
    }

    @Test
    void parse_whenEventIsNotJson_isRefusedSayingWhy() {
        assertThatThrownBy(() -> parse("malformed-not-json.json"))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event is not JSON: ")
                .hasMessageContaining("end-of-input");
    }

    static Stream<Arguments> inlineMalformedEvents() {
        String scheduled = "{'messageType':'ScheduledNotification',"
                + "'notificationCreationTime':'2025-11-21T00:00:05.931Z'}";
        return Stream.of(
                Arguments.of("[]",
                        "event is not a JSON object"),
                Arguments.of(event("[1,2]", "t"),
                        "event field 'invokingEvent' does not hold a JSON object; got '[1,2]'"),
                Arguments.of("{'invokingEvent':42,'resultToken':'t'}".replace('\'', '"'),
                        "event field 'invokingEvent' must be a non-empty string; got 42"),
                Arguments.of(event("{}", "t"),
                        "invokingEvent field 'messageType' is missing"),
                Arguments.of("{'invokingEvent':'{}','ruleParameters':{'VersionToJudge':'LATEST'},'resultToken':'t'}"
                                .replace('\'', '"'),
                        "event field 'ruleParameters' must be a string holding a JSON object;"
                                + " got {\"VersionToJudge\":\"LATEST\"}"),
                Arguments.of(event(scheduled, null),
                        "event field 'resultToken' is missing"),
                Arguments.of(event(scheduled.replace("2025-11-21T00:00:05.931Z", "yesterday"), "t"),
                        "invokingEvent field 'notificationCreationTime' must be an ISO-8601 time; got 'yesterday'"),
                Arguments.of(event("{'messageType':'ConfigurationItemChangeNotification'}", "t"),
                        "invokingEvent field 'configurationItem' is missing"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("inlineMalformedEvents")
    void parse_whenEventLacksWhatConfigAlwaysSends_isRefusedNamingTheField(String event, String message) {
        var input = new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> parser.parse(input))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage(message);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private RuleInvocation parse(String fixture) {
        return parser.parse(EventFixtures.open(fixture));
    }

    /** A minimal event around an invoking event written with single quotes for readability. */
    private static String event(String invokingEvent, String resultToken) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("invokingEvent", invokingEvent.replace('\'', '"'));
        if (resultToken != null) {
            event.put("resultToken", resultToken);
        }
        return event.toString();
    }

    private static ConfigurationItem changedItem(RuleInvocation invocation) {
        assertThat(invocation.trigger()).isInstanceOf(Trigger.ItemChanged.class);
        return ((Trigger.ItemChanged) invocation.trigger()).item();
    }
}
