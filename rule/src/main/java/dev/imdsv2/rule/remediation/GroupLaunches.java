package dev.imdsv2.rule.remediation;

import dev.imdsv2.rule.decision.LaunchTemplateRef;
import java.util.List;

/**
 * One group as the remediation sees it: every template reference with its
 * place in the group, the launch configuration when it has one instead, and
 * the template version each running instance was launched from.
 */
public record GroupLaunches(
        String name,
        String arn,
        List<Slot> slots,
        String launchConfigurationName,
        List<RunningInstance> instances) {

    public GroupLaunches {
        slots = List.copyOf(slots);
        instances = List.copyOf(instances);
    }

    /** A template reference and where it sits. */
    public record Slot(Position position, LaunchTemplateRef ref) {
    }

    /** An instance and the template version it runs, or {@code null} when it was not launched from a template. */
    public record RunningInstance(String instanceId, LaunchTemplateRef launchedFrom) {
    }
}
