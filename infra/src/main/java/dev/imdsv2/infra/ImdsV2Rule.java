package dev.imdsv2.infra;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.config.CustomRule;
import software.amazon.awscdk.services.config.ResourceType;
import software.amazon.awscdk.services.config.RuleScope;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The AWS Config custom rule that reports which Auto Scaling groups can
 * launch instances without IMDSv2, with the function that judges them.
 *
 * <p>The function and what surrounds it (log group, alias, failure queue) is
 * a {@link RuleFunction}; this construct gives its execution role exactly
 * the calls the rule makes in this account and adds the rule itself.
 *
 * <p>The execution role is written out in full and handed to the function
 * read-only: {@link CustomRule} would otherwise attach the AWS managed policy
 * AWSConfigRulesExecutionRole, which grants far more than the rule calls.
 */
public final class ImdsV2Rule extends Construct {

    public static final String HANDLER = RuleFunction.HANDLER;
    public static final String ALIAS_NAME = RuleFunction.ALIAS_NAME;
    public static final String DESCRIPTION = "Reports Auto Scaling groups that can launch instances without"
            + " IMDSv2: every launch template version a group can launch from must set HttpTokens=required"
            + " and keep the metadata endpoint enabled.";

    /** What the rule is asked about: the groups, and the templates they launch from. */
    public static final List<String> SCOPE = List.of(
            "AWS::AutoScaling::AutoScalingGroup",
            "AWS::EC2::LaunchTemplate");

    // CDK leaves an id of "Default" out of logical IDs: the function's
    // resources keep the IDs they had before RuleFunction was factored out of
    // this construct, so updating a deployed stack replaces none of them.
    private static final String FUNCTION_ID = "Default";

    private static final String IAM_WILDCARDS = "AwsSolutions-IAM5";

    // How cdk-nag prints conformancePackRules() once the tokens are rendered.
    private static final String CONFORMANCE_PACK_RULES_SHOWN = "arn:<AWS::Partition>:config:<AWS::Region>:"
            + "<AWS::AccountId>:config-rule/aws-service-rule/config-conforms.amazonaws.com/*";

    private final RuleFunction ruleFunction;
    private final CustomRule rule;

    public ImdsV2Rule(Construct scope, String id, ImdsV2RuleProps props) {
        super(scope, id);
        RuleSettings settings = props.settings();

        this.ruleFunction = new RuleFunction(this, FUNCTION_ID, new RuleFunctionProps(
                props.ruleJar(),
                settings.logRetention(),
                "Runs the ASG IMDSv2 Config rule: reads groups and templates, reports verdicts",
                ruleCalls()));
        this.rule = configRule(settings);

        allowReadingOwnResults(settings);
        explainFindings();
    }

    public RuleFunction getRuleFunction() {
        return ruleFunction;
    }

    public LogGroup getLogGroup() {
        return ruleFunction.getLogGroup();
    }

    public Queue getFailedInvocations() {
        return ruleFunction.getFailedInvocations();
    }

    public Role getRole() {
        return ruleFunction.getRole();
    }

    public Function getFunction() {
        return ruleFunction.getFunction();
    }

    public Alias getAlias() {
        return ruleFunction.getAlias();
    }

    public CustomRule getRule() {
        return rule;
    }

    private static List<PolicyStatement> ruleCalls() {
        // None of these actions supports resource-level permissions.
        return List.of(
                PolicyStatement.Builder.create()
                        .sid("ReadWhatGroupsLaunchFrom")
                        .actions(RuleCalls.READ_WHAT_GROUPS_LAUNCH_FROM)
                        .resources(List.of("*"))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("ReportToConfig")
                        .actions(RuleCalls.REPORT_TO_CONFIG)
                        .resources(List.of("*"))
                        .build());
    }

    private CustomRule configRule(RuleSettings settings) {
        // CustomRule grants config.amazonaws.com lambda:InvokeFunction on the
        // alias with aws:SourceAccount set to this account. aws:SourceArn
        // cannot be added: a rule's ARN holds an ID Config assigns when it
        // creates the rule, and Config refuses to create a rule it cannot
        // invoke, so the permission must exist first.
        return CustomRule.Builder.create(this, "Rule")
                .configRuleName(settings.ruleName())
                .description(DESCRIPTION)
                .lambdaFunction(getAlias())
                .configurationChanges(true)
                .periodic(true)
                .maximumExecutionFrequency(settings.maximumExecutionFrequency())
                .ruleScope(RuleScope.fromResources(List.of(
                        ResourceType.AUTO_SCALING_GROUP,
                        ResourceType.EC2_LAUNCH_TEMPLATE)))
                .inputParameters(settings.inputParameters().isEmpty() ? null : settings.inputParameters())
                .build();
    }

    private void allowReadingOwnResults(RuleSettings settings) {
        // A policy of its own, outside the role: the rule depends on the
        // function, which depends on the role, so the role cannot name the
        // rule's ARN. Until this policy exists a sweep's first attempt may be
        // denied; Lambda's retry a minute later finds it.
        PolicyStatement.Builder statement = PolicyStatement.Builder.create()
                .sid("ReadOwnResults")
                .actions(List.of(RuleCalls.READ_OWN_RESULTS));
        if (settings.servesConformancePack()) {
            statement.resources(List.of(rule.getConfigRuleArn(), conformancePackRules()));
        } else {
            statement.resources(List.of(rule.getConfigRuleArn()));
        }

        Policy policy = Policy.Builder.create(this, "ReadOwnResults")
                .roles(List.of(getRole()))
                .statements(List.of(statement.build()))
                .build();

        if (settings.servesConformancePack()) {
            NagSuppressions.addResourceSuppressions(policy, List.of(NagPackSuppression.builder()
                    .id(IAM_WILDCARDS)
                    .reason("A conformance pack's rule gets an ARN with an ID Config assigns at deploy time;"
                            + " every such rule sits under config-rule/aws-service-rule/config-conforms"
                            + ".amazonaws.com/, and reading results is all the action allows.")
                    .appliesTo(List.of("Resource::" + CONFORMANCE_PACK_RULES_SHOWN))
                    .build()));
        }
    }

    private String conformancePackRules() {
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("config")
                .resource("config-rule")
                .resourceName("aws-service-rule/config-conforms.amazonaws.com/*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    private void explainFindings() {
        NagSuppressions.addResourceSuppressions(getRole(), List.of(NagPackSuppression.builder()
                .id(IAM_WILDCARDS)
                .reason("Describe* on Auto Scaling and EC2, ec2:GetInstanceMetadataDefaults,"
                        + " config:PutEvaluations and config:GetResourceConfigHistory support no resource-level"
                        + " permissions (Service Authorization Reference); every other statement names its ARN.")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
    }
}
