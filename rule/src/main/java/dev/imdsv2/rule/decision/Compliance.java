package dev.imdsv2.rule.decision;

/** The three answers AWS Config accepts for a resource from a custom rule. */
public enum Compliance {
    COMPLIANT,
    NON_COMPLIANT,
    NOT_APPLICABLE
}
