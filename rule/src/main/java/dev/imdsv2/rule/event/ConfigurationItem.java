package dev.imdsv2.rule.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * The fields of a Config configuration item the rule reads, whether it came
 * inside the event or from {@code GetResourceConfigHistory}.
 * {@code configuration} is null for deleted and not-recorded items.
 */
public record ConfigurationItem(
        String resourceType,
        String resourceId,
        String resourceName,
        String status,
        Instant captureTime,
        JsonNode configuration,
        Map<String, String> tags) {

    public ConfigurationItem {
        tags = Map.copyOf(tags);
    }

    /** True when Config no longer has the resource, or never recorded it: nothing to judge. */
    public boolean isGone() {
        return switch (status) {
            case "ResourceDeleted", "ResourceDeletedNotRecorded", "ResourceNotRecorded" -> true;
            default -> false;
        };
    }
}
