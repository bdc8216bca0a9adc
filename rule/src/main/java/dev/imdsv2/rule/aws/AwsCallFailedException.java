package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.decision.EvidenceGap;

/**
 * An AWS call the rule cannot do without failed after the SDK's retries.
 * The message names the call, the error code and what it was about.
 */
public final class AwsCallFailedException extends RuntimeException {

    private final EvidenceGap gap;

    public AwsCallFailedException(EvidenceGap gap, String about, Throwable cause) {
        super(gap + (about == null ? "" : " (" + about + ")"), cause);
        this.gap = gap;
    }

    public EvidenceGap gap() {
        return gap;
    }
}
