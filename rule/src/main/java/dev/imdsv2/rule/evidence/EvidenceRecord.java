package dev.imdsv2.rule.evidence;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One resource's line of evidence: which group, where, what Config recorded
 * for it and why, when, and under which rule and parameters. The same fields
 * make a row of {@code evidence.csv} and an object of {@code evidence.json}.
 *
 * @param groupName the group's name, taken from the ARN's {@code autoScalingGroupName/} part
 * @param annotation the rule's explanation, "" when it gave none
 * @param ruleArn the rule's ARN where the export could read it, else ""
 * @param parameters the rule's input parameters (JSON) where the export could read them, else ""
 */
public record EvidenceRecord(
        String accountId,
        String region,
        String resourceType,
        String resourceId,
        String groupName,
        String verdict,
        String annotation,
        Instant resultRecordedTime,
        Instant configRuleInvokedTime,
        String ruleName,
        String ruleArn,
        String parameters) {

    /** Verdicts in the order a reader acts on them: problems first. */
    public static final List<String> VERDICTS =
            List.of("NON_COMPLIANT", "INSUFFICIENT_DATA", "COMPLIANT", "NOT_APPLICABLE");

    /** Problems first, then by account, region and group, so that two exports of the same state compare equal. */
    public static final Comparator<EvidenceRecord> READING_ORDER = Comparator
            .comparingInt((EvidenceRecord r) -> severity(r.verdict()))
            .thenComparing(EvidenceRecord::accountId)
            .thenComparing(EvidenceRecord::region)
            .thenComparing(EvidenceRecord::groupName)
            .thenComparing(EvidenceRecord::resourceId);

    private static final String NAME_MARKER = "autoScalingGroupName/";

    /** The record for one recorded result, with what the export knows of the rule there. */
    public static EvidenceRecord of(RecordedResult result, String ruleArn, String parameters) {
        RuleLocation where = result.location();
        return new EvidenceRecord(
                where.accountId(),
                where.region(),
                orEmpty(result.resourceType()),
                orEmpty(result.resourceId()),
                groupName(result.resourceId()),
                orEmpty(result.compliance()),
                orEmpty(result.annotation()),
                result.resultRecordedTime(),
                result.configRuleInvokedTime(),
                where.ruleName(),
                orEmpty(ruleArn),
                orEmpty(parameters));
    }

    public boolean isNonCompliant() {
        return "NON_COMPLIANT".equals(verdict);
    }

    /**
     * The group's name from its ARN ({@code ...:autoScalingGroup:UUID:autoScalingGroupName/NAME}).
     * A resource id that is not such an ARN is already the best name there is.
     */
    static String groupName(String resourceId) {
        if (resourceId == null) {
            return "";
        }
        int at = resourceId.indexOf(NAME_MARKER);
        return at < 0 ? resourceId : resourceId.substring(at + NAME_MARKER.length());
    }

    /** Position in {@link #VERDICTS}; a verdict unknown to this tool sorts last but is kept. */
    static int severity(String verdict) {
        int index = VERDICTS.indexOf(verdict);
        return index < 0 ? VERDICTS.size() : index;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
