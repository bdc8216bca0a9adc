package dev.imdsv2.infra;

import java.util.List;
import java.util.stream.Stream;

/**
 * The AWS calls the rule makes, as IAM actions, grouped the way its roles
 * grant them.
 *
 * <p>One list serves the single-account execution role and the role the
 * organization deployment puts in every member account, so the two cannot
 * drift apart when the rule learns a new call.
 */
public final class RuleCalls {

    /** What a group launches from; none of these supports resource-level permissions. */
    public static final List<String> READ_WHAT_GROUPS_LAUNCH_FROM = List.of(
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeLaunchConfigurations",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceMetadataDefaults");

    /** Oversized items and verdicts; neither supports resource-level permissions. */
    public static final List<String> REPORT_TO_CONFIG = List.of(
            "config:GetResourceConfigHistory",
            "config:PutEvaluations");

    /** The sweep's diff against what Config already holds; takes the rule's ARN. */
    public static final String READ_OWN_RESULTS = "config:GetComplianceDetailsByConfigRule";

    private RuleCalls() {
    }

    /** Every action above, in the order a role lists them. */
    public static List<String> all() {
        return Stream.of(READ_WHAT_GROUPS_LAUNCH_FROM, REPORT_TO_CONFIG, List.of(READ_OWN_RESULTS))
                .flatMap(List::stream)
                .toList();
    }
}
