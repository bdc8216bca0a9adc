package dev.imdsv2.rule.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.decision.EvidenceGap;
import dev.imdsv2.rule.event.ConfigurationItem;
import dev.imdsv2.rule.event.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.GetResourceConfigHistoryRequest;

/**
 * Fetches a resource's newest item with {@code config:GetResourceConfigHistory},
 * for changes too large to ride in the event. The API names fields unlike the
 * event does and returns {@code configuration} as a JSON string.
 */
public final class ConfigHistory implements ConfigurationItems {

    static final String CALL = "config:GetResourceConfigHistory";

    private final ConfigClient config;
    private final ObjectMapper mapper;

    public ConfigHistory(ConfigClient config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    @Override
    public ConfigurationItem latest(String resourceType, String resourceId) {
        var request = GetResourceConfigHistoryRequest.builder()
                .resourceType(resourceType)
                .resourceId(resourceId)
                .limit(1)
                .build();
        software.amazon.awssdk.services.config.model.ConfigurationItem item;
        try {
            var items = config.getResourceConfigHistory(request).configurationItems();
            if (items.isEmpty()) {
                throw new AwsCallFailedException(
                        new EvidenceGap(CALL, "NoItems", "Config returned no item"), resourceId, null);
            }
            item = items.getFirst();
        } catch (SdkException e) {
            throw new AwsCallFailedException(Gaps.of(CALL, e), resourceId, e);
        }
        return new ConfigurationItem(
                required(item.resourceTypeAsString(), "resourceType", resourceId),
                required(item.resourceId(), "resourceId", resourceId),
                item.resourceName(),
                required(item.configurationItemStatusAsString(), "configurationItemStatus", resourceId),
                required(item.configurationItemCaptureTime(), "configurationItemCaptureTime", resourceId),
                configuration(item.configuration(), resourceId),
                tags(item.tags()));
    }

    /** An item without these cannot be judged or ordered; Config always sends them. */
    private static <T> T required(T value, String field, String resourceId) {
        if (value == null || value.toString().isEmpty()) {
            throw new AwsCallFailedException(new EvidenceGap(CALL, "MalformedItem",
                    "the item has no '" + field + "'"), resourceId, null);
        }
        return value;
    }

    /** Config's tags map; an entry without a key or value says nothing a verdict could use. */
    private static Map<String, String> tags(Map<String, String> tags) {
        Map<String, String> kept = new LinkedHashMap<>();
        tags.forEach((key, value) -> {
            if (key != null && value != null) {
                kept.put(key, value);
            }
        });
        return kept;
    }

    private JsonNode configuration(String json, String resourceId) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new AwsCallFailedException(new EvidenceGap(CALL, "MalformedConfiguration",
                    "the item's 'configuration' " + Json.whyUnreadable(e)), resourceId, e);
        }
    }
}
