package dev.imdsv2.rule.decision;

import java.time.Instant;

/**
 * One result for AWS Config: a group (by the ARN Config records as its
 * resource id), its compliance, the annotation, and the time that orders it
 * against other results for the same group.
 */
public record Evaluation(String resourceId, Compliance compliance, String annotation, Instant orderingTimestamp) {

    public static final String RESOURCE_TYPE = "AWS::AutoScaling::AutoScalingGroup";
}
