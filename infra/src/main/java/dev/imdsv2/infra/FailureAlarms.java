package dev.imdsv2.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.constructs.Construct;

/**
 * Two alarms that say the rule stopped telling the truth: the function
 * failed, or an event gave up retrying and now waits in the failure queue.
 *
 * <p>A failed invocation means groups went unjudged (the rule puts no verdict
 * without evidence), which the Config console shows only as stale results.
 * The alarms carry no action: attach an SNS topic where the account already
 * routes its alarms.
 */
public final class FailureAlarms extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);

    private final Alarm errors;
    private final Alarm waitingFailures;

    public FailureAlarms(Construct scope, String id, RuleFunction rule) {
        super(scope, id);

        this.errors = Alarm.Builder.create(this, "Errors")
                .alarmDescription("The IMDSv2 Config rule's function failed: some groups went unjudged."
                        + " Its log group has the message naming the call and the resources.")
                .metric(rule.getAlias().metricErrors(MetricOptions.builder()
                        .period(PERIOD)
                        .statistic("Sum")
                        .build()))
                .threshold(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        this.waitingFailures = Alarm.Builder.create(this, "FailedInvocationsWaiting")
                .alarmDescription("An IMDSv2 Config rule event used up its retries and waits in the"
                        + " failure queue; read it, fix the cause, re-evaluate the rule.")
                .metric(rule.getFailedInvocations().metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(PERIOD)
                        .statistic("Maximum")
                        .build()))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    public Alarm getErrors() {
        return errors;
    }

    public Alarm getWaitingFailures() {
        return waitingFailures;
    }
}
