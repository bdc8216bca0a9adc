package dev.imdsv2.rule.event;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.VersionSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Auto Scaling group from JSON in either of the shapes AWS writes it:
 * camelCase in a Config item's {@code configuration}, PascalCase in the AWS
 * CLI's {@code describe-auto-scaling-groups} output. The field names are
 * otherwise the same, so one reader serves both.
 */
public final class AutoScalingGroupJson {

    private AutoScalingGroupJson() {
    }

    /**
     * @param json      the group's configuration
     * @param arn       the resource id Config records, or null to take the ARN from the JSON
     * @param extraTags tags known from elsewhere (a Config item's tag map), merged under the JSON's
     */
    public static AutoScalingGroup parse(JsonNode json, String arn, Map<String, String> extraTags) {
        String name = text(json, "autoScalingGroupName");
        String groupArn = arn != null ? arn : text(json, "autoScalingGroupARN");
        if (groupArn == null) {
            throw new MalformedEventException("group configuration has no 'autoScalingGroupARN'"
                    + (name == null ? "" : " for group '" + name + "'"));
        }
        Map<String, String> tags = new LinkedHashMap<>(extraTags);
        tags.putAll(tags(json));
        return new AutoScalingGroup(name, groupArn, source(json, groupArn), tags);
    }

    private static LaunchSource source(JsonNode json, String arn) {
        List<LaunchTemplateRef> refs = new ArrayList<>();
        JsonNode direct = field(json, "launchTemplate");
        if (isPresent(direct)) {
            refs.add(ref(direct, "launchTemplate", arn));
        }
        JsonNode mixed = field(field(json, "mixedInstancesPolicy"), "launchTemplate");
        if (isPresent(mixed)) {
            JsonNode spec = field(mixed, "launchTemplateSpecification");
            if (isPresent(spec)) {
                refs.add(ref(spec, "mixedInstancesPolicy.launchTemplate.launchTemplateSpecification", arn));
            }
            JsonNode overrides = field(mixed, "overrides");
            if (overrides != null && overrides.isArray()) {
                for (int i = 0; i < overrides.size(); i++) {
                    JsonNode overrideSpec = field(overrides.get(i), "launchTemplateSpecification");
                    if (isPresent(overrideSpec)) {
                        refs.add(ref(overrideSpec,
                                "mixedInstancesPolicy.launchTemplate.overrides[" + i + "].launchTemplateSpecification",
                                arn));
                    }
                }
            }
        }
        if (!refs.isEmpty()) {
            return new LaunchSource.Templates(refs);
        }
        String launchConfiguration = text(json, "launchConfigurationName");
        if (launchConfiguration != null) {
            return new LaunchSource.LaunchConfiguration(launchConfiguration);
        }
        throw new MalformedEventException("group " + arn + " names neither 'launchTemplate',"
                + " 'mixedInstancesPolicy.launchTemplate' nor 'launchConfigurationName'");
    }

    private static LaunchTemplateRef ref(JsonNode spec, String path, String arn) {
        String version = text(spec, "version");
        try {
            return new LaunchTemplateRef(
                    text(spec, "launchTemplateId"),
                    text(spec, "launchTemplateName"),
                    VersionSpec.parse(version));
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("group " + arn + " field '" + path + "': " + e.getMessage(), e);
        }
    }

    private static Map<String, String> tags(JsonNode json) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode list = field(json, "tags");
        if (list != null && list.isArray()) {
            for (JsonNode tag : list) {
                String key = text(tag, "key");
                if (key != null) {
                    String value = text(tag, "value");
                    tags.put(key, value == null ? "" : value);
                }
            }
        }
        return tags;
    }

    /** A field by its camelCase name, or by the same name with a capital first letter. */
    static JsonNode field(JsonNode node, String camelCase) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(camelCase);
        if (value == null) {
            value = node.get(Character.toUpperCase(camelCase.charAt(0)) + camelCase.substring(1));
        }
        return value;
    }

    static String text(JsonNode node, String camelCase) {
        JsonNode value = field(node, camelCase);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static boolean isPresent(JsonNode node) {
        return node != null && node.isObject() && !node.isEmpty();
    }
}
