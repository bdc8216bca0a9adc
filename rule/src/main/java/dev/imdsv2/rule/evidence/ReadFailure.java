package dev.imdsv2.rule.evidence;

/**
 * A read that failed after the SDK's retries: which call, for which place,
 * and the error code and message AWS gave. A failure makes the export
 * partial; it is named on stderr, in the summary page and in
 * {@code INCOMPLETE.txt}.
 *
 * @param scope where the read was for, e.g. {@code 111111111111/eu-west-1/my-rule}
 */
public record ReadFailure(String operation, String scope, String errorCode, String message) {

    @Override
    public String toString() {
        return operation + " for " + scope + " failed: " + errorCode + ": " + message;
    }
}
