package dev.imdsv2.rule.evidence;

import java.time.Instant;

/**
 * One evaluation result exactly as Config holds it: whose, which resource,
 * what verdict, and when the rule ran and Config recorded it.
 *
 * @param location the account, region and rule name the result belongs to
 * @param compliance Config's compliance type, kept as text so that a value
 *     newer than this tool is exported rather than dropped
 * @param annotation the rule's explanation, or null when it gave none
 */
public record RecordedResult(
        RuleLocation location,
        String resourceType,
        String resourceId,
        String compliance,
        String annotation,
        Instant resultRecordedTime,
        Instant configRuleInvokedTime) {
}
