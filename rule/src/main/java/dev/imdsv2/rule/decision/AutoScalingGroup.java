package dev.imdsv2.rule.decision;

import java.util.Map;

/**
 * The part of an Auto Scaling group the rule judges. {@code arn} is what
 * AWS Config records as the group's resource id, so it is what verdicts name.
 */
public record AutoScalingGroup(String name, String arn, LaunchSource source, Map<String, String> tags) {

    public AutoScalingGroup {
        tags = Map.copyOf(tags);
    }

    /** True when any of the group's templates is the one named, by id or name. */
    public boolean launchesFrom(String templateId, String templateName) {
        return source instanceof LaunchSource.Templates templates
                && templates.refs().stream().anyMatch(ref -> ref.sameTemplateAs(templateId, templateName));
    }
}
