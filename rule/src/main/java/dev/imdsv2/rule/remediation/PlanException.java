package dev.imdsv2.rule.remediation;

/**
 * No plan can be made: a group, template or version the plan rests on is
 * missing or unreadable. Nothing was changed.
 */
public final class PlanException extends RuntimeException {

    public PlanException(String message) {
        super(message);
    }

    public PlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
