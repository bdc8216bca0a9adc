package dev.imdsv2.rule.event;

import dev.imdsv2.rule.decision.Parameters;

/**
 * One invocation of the rule by AWS Config: what woke it, its parameters, and
 * what it needs to report back. The result token is kept out of
 * {@link #toString()} so that it never reaches a log.
 */
public record RuleInvocation(
        Trigger trigger,
        Parameters parameters,
        String resultToken,
        boolean eventLeftScope,
        String accountId,
        String configRuleName,
        String configRuleArn) {

    /** Config's marker for an evaluation run from its console's test feature. */
    public static final String TEST_MODE_TOKEN = "TESTMODE";

    public boolean isTestMode() {
        return TEST_MODE_TOKEN.equals(resultToken);
    }

    @Override
    public String toString() {
        return "RuleInvocation[trigger=" + trigger.getClass().getSimpleName()
                + ", rule=" + configRuleName + ", account=" + accountId + "]";
    }
}
