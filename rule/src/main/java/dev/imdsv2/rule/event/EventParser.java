package dev.imdsv2.rule.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.decision.Parameters;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the bytes Lambda hands the function into a {@link RuleInvocation}.
 * Config nests its payload as JSON inside a JSON string
 * ({@code invokingEvent}, {@code ruleParameters}); both are unwrapped here,
 * and anything that is not what Config sends fails with the field named.
 */
public final class EventParser {

    private static final String CHANGE = "ConfigurationItemChangeNotification";
    private static final String OVERSIZED = "OversizedConfigurationItemChangeNotification";
    private static final String SCHEDULED = "ScheduledNotification";

    private final ObjectMapper mapper;

    public EventParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public RuleInvocation parse(InputStream input) {
        JsonNode event;
        try {
            event = mapper.readTree(input);
        } catch (IOException e) {
            throw new MalformedEventException("event " + Json.whyUnreadable(e), e);
        }
        if (event == null || !event.isObject()) {
            throw new MalformedEventException("event is not a JSON object");
        }
        JsonNode invoking = nested(event, "invokingEvent");
        Parameters parameters = RuleParameters.parse(ruleParameters(event), mapper);
        return new RuleInvocation(
                trigger(invoking),
                parameters,
                requiredText(event, "resultToken", "event"),
                event.path("eventLeftScope").asBoolean(false),
                optionalText(event, "accountId"),
                optionalText(event, "configRuleName"),
                optionalText(event, "configRuleArn"));
    }

    private Trigger trigger(JsonNode invoking) {
        String messageType = requiredText(invoking, "messageType", "invokingEvent");
        return switch (messageType) {
            case CHANGE -> new Trigger.ItemChanged(item(required(invoking, "configurationItem"), true, invoking));
            case OVERSIZED -> new Trigger.OversizedItemChanged(
                    item(required(invoking, "configurationItemSummary"), false, invoking));
            case SCHEDULED -> new Trigger.Scheduled(
                    instant(invoking, "notificationCreationTime", "invokingEvent"));
            default -> throw new MalformedEventException("invokingEvent field 'messageType' must be one of "
                    + CHANGE + ", " + OVERSIZED + ", " + SCHEDULED + "; got " + RuleParameters.quote(messageType));
        };
    }

    /**
     * Reads a configuration item (or, for oversized changes, its summary).
     * A live item of a group must carry its configuration: without it there
     * is nothing to judge, and guessing would be worse than failing.
     */
    private ConfigurationItem item(JsonNode item, boolean needsConfiguration, JsonNode invoking) {
        String where = needsConfiguration ? "configurationItem" : "configurationItemSummary";
        if (!item.isObject()) {
            throw new MalformedEventException("invokingEvent field '" + where + "' is not an object");
        }
        String resourceType = requiredText(item, "resourceType", where);
        if (!resourceType.equals(ResourceTypes.AUTO_SCALING_GROUP)
                && !resourceType.equals(ResourceTypes.LAUNCH_TEMPLATE)) {
            throw new MalformedEventException(where + " field 'resourceType' must be "
                    + ResourceTypes.AUTO_SCALING_GROUP + " or " + ResourceTypes.LAUNCH_TEMPLATE
                    + "; got " + RuleParameters.quote(resourceType) + " (check the rule's scope)");
        }
        JsonNode configuration = item.get("configuration");
        if (configuration != null && configuration.isNull()) {
            configuration = null;
        }
        String status = requiredText(item, "configurationItemStatus", where);
        ConfigurationItem parsed = new ConfigurationItem(
                resourceType,
                requiredText(item, "resourceId", where),
                optionalText(item, "resourceName"),
                status,
                captureTime(item, status, where, invoking),
                configuration,
                tags(item.get("tags")));
        if (needsConfiguration && !parsed.isGone() && resourceType.equals(ResourceTypes.AUTO_SCALING_GROUP)
                && (configuration == null || !configuration.isObject())) {
            throw new MalformedEventException(where + " of " + parsed.resourceId() + " has status "
                    + parsed.status() + " but no 'configuration' object");
        }
        return parsed;
    }

    /**
     * When the change was captured. An item Config did not record may come
     * without a capture time; the notification's own time orders it instead.
     */
    private static java.time.Instant captureTime(JsonNode item, String status, String where, JsonNode invoking) {
        JsonNode value = item.get("configurationItemCaptureTime");
        boolean unrecorded = status.endsWith("NotRecorded");
        if (unrecorded && (value == null || value.isNull())) {
            return instant(invoking, "notificationCreationTime", "invokingEvent");
        }
        return instant(item, "configurationItemCaptureTime", where);
    }

    private JsonNode nested(JsonNode event, String field) {
        String raw = requiredText(event, field, "event");
        try {
            JsonNode node = mapper.readTree(raw);
            if (node == null || !node.isObject()) {
                throw new MalformedEventException("event field '" + field + "' does not hold a JSON object; got "
                        + RuleParameters.quote(raw));
            }
            return node;
        } catch (IOException e) {
            if (Json.isLimit(e)) {
                throw new MalformedEventException("event field '" + field + "' " + Json.whyUnreadable(e), e);
            }
            throw new MalformedEventException("event field '" + field + "' does not hold JSON: "
                    + reason(e) + "; got " + RuleParameters.quote(raw), e);
        }
    }

    /** Config passes the parameters as a string; any other value would otherwise read as "all defaults". */
    private static String ruleParameters(JsonNode event) {
        JsonNode value = event.get("ruleParameters");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MalformedEventException("event field 'ruleParameters' must be a string holding a JSON object;"
                    + " got " + value);
        }
        return value.textValue();
    }

    private static String reason(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JacksonException jackson
                ? jackson.getOriginalMessage()
                : e.getMessage();
    }

    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> result = new LinkedHashMap<>();
        if (tags != null && tags.isObject()) {
            tags.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
        }
        return result;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedEventException("invokingEvent field '" + field + "' is missing");
        }
        return value;
    }

    private static String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new MalformedEventException(where + " field '" + field + "' is missing");
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw new MalformedEventException(where + " field '" + field + "' must be a non-empty string; got "
                    + value);
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field, String where) {
        String raw = requiredText(node, field, where);
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(where + " field '" + field + "' must be an ISO-8601 time; got "
                    + RuleParameters.quote(raw), e);
        }
    }
}
