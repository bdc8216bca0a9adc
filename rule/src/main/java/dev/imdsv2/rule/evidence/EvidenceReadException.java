package dev.imdsv2.rule.evidence;

/** A Config read that failed after retries; carries the {@link ReadFailure} that names it. */
public final class EvidenceReadException extends RuntimeException {

    private final ReadFailure failure;

    public EvidenceReadException(ReadFailure failure, Throwable cause) {
        super(failure.toString(), cause);
        this.failure = failure;
    }

    public ReadFailure failure() {
        return failure;
    }
}
