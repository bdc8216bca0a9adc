package dev.imdsv2.rule.decision;

/**
 * Why a piece of evidence could not be had: the AWS call, the error code AWS
 * (or the SDK) gave, and its message. A gap means no verdict, never a guess.
 */
public record EvidenceGap(String call, String errorCode, String message) {

    @Override
    public String toString() {
        return call + " failed with " + errorCode + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
