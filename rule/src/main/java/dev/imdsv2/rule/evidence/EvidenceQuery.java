package dev.imdsv2.rule.evidence;

import java.util.Locale;

/**
 * What an export asks Config for: one rule's recorded results, in the caller's
 * account and region, or through an aggregator in every account and region it
 * collects.
 *
 * <p>Through an aggregator the rule may carry another name in each account:
 * an organization rule is deployed as {@code OrgConfigRule-<name>-<suffix>},
 * a conformance pack's as {@code <name>-conformance-pack-<suffix>}. Those
 * names belong to this query too; any other name does not, so that a rule
 * called {@code imdsv2} does not pull in {@code imdsv2-legacy}.
 *
 * @param ruleName the rule's name as deployed in the exporting account
 * @param aggregator the aggregator's name, or null for the caller's account and region
 */
public record EvidenceQuery(String ruleName, String aggregator) {

    static final String ORGANIZATION_PREFIX = "OrgConfigRule-";
    static final String CONFORMANCE_PACK_INFIX = "-conformance-pack-";

    public EvidenceQuery {
        if (ruleName == null || ruleName.isBlank()) {
            throw new IllegalArgumentException("--rule must name a Config rule; got '" + ruleName + "'");
        }
        if (aggregator != null && aggregator.isBlank()) {
            throw new IllegalArgumentException("--aggregator must name a configuration aggregator; got ''");
        }
    }

    public boolean isAggregate() {
        return aggregator != null;
    }

    /** Whether a rule name seen through the aggregator is this rule, as deployed in some account. */
    public boolean isDeployedAs(String deployedName) {
        if (deployedName == null) {
            return false;
        }
        String name = deployedName.toLowerCase(Locale.ROOT);
        String wanted = ruleName.toLowerCase(Locale.ROOT);
        return name.equals(wanted)
                || name.startsWith((ORGANIZATION_PREFIX + ruleName + "-").toLowerCase(Locale.ROOT))
                || name.startsWith(wanted + CONFORMANCE_PACK_INFIX);
    }
}
