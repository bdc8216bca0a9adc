package dev.imdsv2.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * Everything one account and region need for the rule, deployed and removed
 * as one unit: the rule with its function, and the alarms that watch it.
 *
 * <p>The outputs name what an operator reaches for next: the function ARN
 * that conformance-pack.yaml asks for, and the queue to read when an alarm fires.
 */
public final class RuleStack extends Stack {

    public static final String FUNCTION_ARN_OUTPUT = "RuleFunctionArn";

    private final ImdsV2Rule rule;
    private final FailureAlarms alarms;

    public RuleStack(Construct scope, String id, StackProps stackProps, ImdsV2RuleProps props) {
        super(scope, id, stackProps);

        this.rule = new ImdsV2Rule(this, "ImdsV2Rule", props);
        this.alarms = new FailureAlarms(this, "Alarms", rule.getRuleFunction());

        RemediationSettings remediation = RemediationSettings.fromContext(getNode());
        if (remediation.enabled()) {
            new Remediation(this, "Remediation", new RemediationProps(props.ruleJar(), rule.getRule(),
                    remediation.automatic(), props.settings().logRetention()));
        }

        CfnOutput.Builder.create(this, FUNCTION_ARN_OUTPUT)
                .description("The alias Config invokes; conformance-pack.yaml's RuleFunctionArn parameter")
                .value(rule.getAlias().getFunctionArn())
                .build();
        CfnOutput.Builder.create(this, "RuleName")
                .description("The Config rule's name, as the Config console lists it")
                .value(rule.getRule().getConfigRuleName())
                .build();
        CfnOutput.Builder.create(this, "FailedInvocationsQueueUrl")
                .description("Events whose invocations failed after every retry")
                .value(rule.getFailedInvocations().getQueueUrl())
                .build();
    }

    public ImdsV2Rule getRule() {
        return rule;
    }

    public FailureAlarms getAlarms() {
        return alarms;
    }
}
