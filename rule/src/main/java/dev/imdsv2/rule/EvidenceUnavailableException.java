package dev.imdsv2.rule;

/**
 * Some groups could not be judged because AWS did not give the evidence. The
 * groups that could be judged were reported; these were not. Failing the
 * invocation lets Lambda retry and keeps the event on the failure destination.
 */
public final class EvidenceUnavailableException extends RuntimeException {

    public EvidenceUnavailableException(String message) {
        super(message);
    }
}
