package dev.imdsv2.rule.evidence;

/**
 * One place where the rule recorded results: an account, a region, and the
 * rule's name there (suffixed where an organization or a conformance pack
 * deployed it).
 */
public record RuleLocation(String accountId, String region, String ruleName) {

    /** How progress lines and failures name this place. */
    public String label() {
        return accountId + "/" + region + "/" + ruleName;
    }
}
