package dev.imdsv2.rule.evidence;

import java.time.Instant;
import java.util.List;

/**
 * The rule as Config defines it in the exporting account, and how its last
 * runs went: an auditor asks not only what was found but under which
 * settings and how recently the rule looked.
 *
 * @param inputParameters the parameters in force, as the JSON string Config stores ("" when none)
 * @param triggers how Config invokes the rule, e.g. {@code ConfigurationItemChangeNotification}
 *     or {@code ScheduledNotification every TwentyFour_Hours}
 * @param status the last evaluation's times and error, or null when Config reported none
 */
public record RuleDefinition(
        String name,
        String arn,
        String description,
        String state,
        String owner,
        String sourceIdentifier,
        String inputParameters,
        List<String> triggers,
        List<String> resourceTypes,
        EvaluationStatus status) {

    public RuleDefinition {
        triggers = List.copyOf(triggers);
        resourceTypes = List.copyOf(resourceTypes);
    }

    /** The account id in the rule's ARN ({@code arn:aws:config:REGION:ACCOUNT:config-rule/...}), or "". */
    public String accountId() {
        return arnPart(4);
    }

    /** The region in the rule's ARN, or "". */
    public String region() {
        return arnPart(3);
    }

    private String arnPart(int index) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        return parts.length == 6 ? parts[index] : "";
    }

    /** What {@code DescribeConfigRuleEvaluationStatus} says about the rule's last runs. */
    public record EvaluationStatus(
            Instant lastSuccessfulInvocation,
            Instant lastFailedInvocation,
            Instant lastSuccessfulEvaluation,
            Instant lastFailedEvaluation,
            Instant firstActivated,
            String lastErrorCode,
            String lastErrorMessage) {
    }
}
