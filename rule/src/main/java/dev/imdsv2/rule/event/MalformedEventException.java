package dev.imdsv2.rule.event;

/**
 * The event or a rule parameter is not what AWS Config sends. The message
 * names the field and the value; the rule puts nothing when this is thrown.
 */
public final class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
