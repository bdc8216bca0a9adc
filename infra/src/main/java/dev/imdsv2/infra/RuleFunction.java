package dev.imdsv2.infra;

import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
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
 * The function that judges Auto Scaling groups, with what keeps it honest:
 * its own log group, an alias on a SnapStart version, and a queue for the
 * invocations that failed every retry.
 *
 * <p>Both deployments run this same function. The single-account
 * {@link ImdsV2Rule} gives its role the rule's calls directly; the
 * organization's central function gets only {@code sts:AssumeRole} and makes
 * every call through the role in the event's account.
 *
 * <p>Config invokes the alias {@value #ALIAS_NAME}, never the bare function,
 * so that every invocation runs a published version restored from a
 * SnapStart snapshot.
 */
public final class RuleFunction extends Construct {

    public static final String HANDLER = "dev.imdsv2.rule.lambda.ConfigRuleHandler::handleRequest";
    public static final String ALIAS_NAME = "live";

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

    private final LogGroup logGroup;
    private final Queue failedInvocations;
    private final Role role;
    private final Function function;
    private final Alias alias;

    public RuleFunction(Construct scope, String id, RuleFunctionProps props) {
        super(scope, id);

        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(props.logRetention())
                .build();
        this.failedInvocations = Queue.Builder.create(this, "FailedInvocations")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(FAILURE_RETENTION)
                .build();
        this.role = executionRole(props);
        this.function = function(props);
        this.alias = liveAlias();

        NagSuppressions.addResourceSuppressions(failedInvocations, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter destination of the rule's asynchronous"
                        + " invocations; a dead-letter queue of its own would only move the question.")
                .build()));
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

    private Role executionRole(RuleFunctionProps props) {
        Role executionRole = Role.Builder.create(this, "ExecutionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(props.roleDescription())
                .build();

        props.calls().forEach(executionRole::addToPolicy);
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

    private Function function(RuleFunctionProps props) {
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
}
