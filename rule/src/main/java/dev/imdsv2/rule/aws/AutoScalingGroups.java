package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Evidence;
import java.util.Collection;
import java.util.List;

/** Gives the region's Auto Scaling groups and the launch configurations they name. */
public interface AutoScalingGroups {

    /** Every group in the region. @throws AwsCallFailedException when they cannot be listed */
    List<AutoScalingGroup> all();

    /** Records the metadata settings of these launch configurations (missing or unavailable too). */
    void gatherLaunchConfigurations(Collection<String> names, Evidence.Builder evidence);
}
