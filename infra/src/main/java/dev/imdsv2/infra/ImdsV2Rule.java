package dev.imdsv2.infra;

import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.config.CustomRule;
import software.amazon.awscdk.services.config.ResourceType;
import software.amazon.awscdk.services.config.RuleScope;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The AWS Config custom rule that reports which Auto Scaling groups can
 * launch instances without IMDSv2, with the function that judges them.
 *
 * <p>Config invokes the alias {@value #ALIAS_NAME}, never the bare function,
 * so that every invocation runs a published version restored from a
 * SnapStart snapshot. An invocation that still fails after Lambda's retries
 * lands in an encrypted queue, so no change notification is lost unseen.
 *
 * <p>The execution role is written here in full and handed to the function
 * read-only: {@link CustomRule} would otherwise attach the AWS managed policy
 * AWSConfigRulesExecutionRole, which grants far more than the rule calls.
 */
public final class ImdsV2Rule extends Construct {

    public static final String HANDLER = "dev.imdsv2.rule.lambda.ConfigRuleHandler::handleRequest";
    public static final String ALIAS_NAME = "live";
    public static final String DESCRIPTION = "Reports Auto Scaling groups that can launch instances without"
            + " IMDSv2: every launch template version a group can launch from must set HttpTokens=required"
            + " and keep the metadata endpoint enabled.";

    /** What the rule is asked about: the groups, and the templates they launch from. */
    public static final List<String> SCOPE = List.of(
            "AWS::AutoScaling::AutoScalingGroup",
            "AWS::EC2::LaunchTemplate");

    // The largest job is a sweep of 5,000 groups: 50 DescribeAutoScalingGroups
    // pages, a few DescribeLaunchTemplateVersions pages, up to 50
    // GetComplianceDetailsByConfigRule pages and 50 PutEvaluations, each a
    // round trip of roughly 0.1-0.5 s, so about a minute when throttling makes
    // the SDK back off. Five minutes leaves room for that four times over.
    // Lambda gives CPU in proportion to memory: 1024 MB (about 0.6 vCPU) parses
    // the megabytes of JSON such a sweep reads without the collector stalling
    // and keeps the JIT warm-up after a snapshot restore short. A change of one
    // group needs a few calls, and the sweep runs once a day by default, so a
    // smaller size would save next to nothing.
    private static final int MEMORY_MB = 1024;
    private static final Duration TIMEOUT = Duration.minutes(5);

    // Lambda retries a failed asynchronous invocation twice, a minute and then
    // two minutes later; six hours lets an event wait out a longer throttling
    // or a denied permission being fixed, and is still far below the daily sweep.
    private static final int RETRY_ATTEMPTS = 2;
    private static final Duration MAX_EVENT_AGE = Duration.hours(6);

    // The longest SQS keeps a message, to give a person time to look.
    private static final Duration FAILURE_RETENTION = Duration.days(14);

    // C1 compilation only: a Config invocation is short, so the time C2
    // would spend compiling is never paid back.
    private static final String FAST_START = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private static final String IAM_WILDCARDS = "AwsSolutions-IAM5";

    // How cdk-nag prints conformancePackRules() once the tokens are rendered.
    private static final String CONFORMANCE_PACK_RULES_SHOWN = "arn:<AWS::Partition>:config:<AWS::Region>:"
            + "<AWS::AccountId>:config-rule/aws-service-rule/config-conforms.amazonaws.com/*";

    private final LogGroup logGroup;
    private final Queue failedInvocations;
    private final Role role;
    private final Function function;
    private final Alias alias;
    private final CustomRule rule;

    public ImdsV2Rule(Construct scope, String id, ImdsV2RuleProps props) {
        super(scope, id);
        RuleSettings settings = props.settings();

        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(settings.logRetention())
                .build();
        this.failedInvocations = Queue.Builder.create(this, "FailedInvocations")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(FAILURE_RETENTION)
                .build();
        this.role = executionRole();
        this.function = function(props);
        this.alias = liveAlias();
        this.rule = configRule(settings);

        allowReadingOwnResults(settings);
        explainFindings();
    }

    public LogGroup getLogGroup() {
        return logGroup;
    }

    public Queue getFailedInvocations() {
        return failedInvocations;
    }

    public Role getRole() {
        return role;
    }

    public Function getFunction() {
        return function;
    }

    public Alias getAlias() {
        return alias;
    }

    public CustomRule getRule() {
        return rule;
    }

    private Role executionRole() {
        Role executionRole = Role.Builder.create(this, "ExecutionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs the ASG IMDSv2 Config rule: reads groups and templates, reports verdicts")
                .build();

        // None of these actions supports resource-level permissions.
        executionRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadWhatGroupsLaunchFrom")
                .actions(List.of(
                        "autoscaling:DescribeAutoScalingGroups",
                        "autoscaling:DescribeLaunchConfigurations",
                        "ec2:DescribeLaunchTemplateVersions",
                        "ec2:GetInstanceMetadataDefaults"))
                .resources(List.of("*"))
                .build());
        executionRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReportToConfig")
                .actions(List.of(
                        "config:GetResourceConfigHistory",
                        "config:PutEvaluations"))
                .resources(List.of("*"))
                .build());
        // Lambda's on-failure destination sends with the function's role, and
        // only sends: grantSendMessages would add GetQueueAttributes and GetQueueUrl.
        executionRole.addToPolicy(PolicyStatement.Builder.create()
                .sid("KeepFailedInvocations")
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(failedInvocations.getQueueArn()))
                .build());
        logGroup.grantWrite(executionRole);

        return executionRole;
    }

    private Function function(ImdsV2RuleProps props) {
        // No X-Ray: an invocation is a handful of AWS calls whose outcome the
        // log already records, one JSON line per verdict; a trace would add
        // cost to every call without telling anything new.
        Function ruleFunction = Function.Builder.create(this, "Function")
                .description("Judges whether Auto Scaling groups launch with IMDSv2 required")
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(Code.fromAsset(props.ruleJar().toString()))
                .memorySize(MEMORY_MB)
                .timeout(TIMEOUT)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(Map.of("JAVA_TOOL_OPTIONS", FAST_START))
                .logGroup(logGroup)
                .role(role.withoutPolicyUpdates())
                .build();
        // The read-only view hides the role's policies from the function, so
        // wait for them explicitly before the function can be invoked.
        ruleFunction.getNode().addDependency(role);
        Annotations.of(ruleFunction).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the alias 'live' points at the function's current published version");

        return ruleFunction;
    }

    private Alias liveAlias() {
        return Alias.Builder.create(this, "Live")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .retryAttempts(RETRY_ATTEMPTS)
                .maxEventAge(MAX_EVENT_AGE)
                .onFailure(new SqsDestination(failedInvocations))
                .build();
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
                .lambdaFunction(alias)
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
                .actions(List.of("config:GetComplianceDetailsByConfigRule"));
        if (settings.servesConformancePack()) {
            statement.resources(List.of(rule.getConfigRuleArn(), conformancePackRules()));
        } else {
            statement.resources(List.of(rule.getConfigRuleArn()));
        }

        Policy policy = Policy.Builder.create(this, "ReadOwnResults")
                .roles(List.of(role))
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
        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id(IAM_WILDCARDS)
                .reason("Describe* on Auto Scaling and EC2, ec2:GetInstanceMetadataDefaults,"
                        + " config:PutEvaluations and config:GetResourceConfigHistory support no resource-level"
                        + " permissions (Service Authorization Reference); every other statement names its ARN.")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
        NagSuppressions.addResourceSuppressions(failedInvocations, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter destination of the rule's asynchronous"
                        + " invocations; a dead-letter queue of its own would only move the question.")
                .build()));
    }
}
