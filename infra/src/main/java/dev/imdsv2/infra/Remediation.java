package dev.imdsv2.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.config.CfnRemediationConfiguration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.ssm.CfnDocument;
import software.constructs.Construct;

/**
 * Makes a non-compliant group require IMDSv2: the remediation function (the
 * rule's jar, another handler), an SSM Automation document that invokes it,
 * and the rule's remediation configuration that runs the document for a group.
 *
 * <p>Manual by default: Config lists the group as non-compliant and a person
 * chooses "Remediate"; with {@code autoRemediate=true} Config starts it
 * itself, a few groups at a time. Either way the function refuses to change
 * other groups that share a template unless the document is run with
 * {@code AllowSharedChanges=true}, which the configuration never passes.
 */
public final class Remediation extends Construct {

    public static final String HANDLER = "dev.imdsv2.rule.remediation.RemediationHandler::handleRequest";
    public static final String RESOURCE_TYPE = "AWS::AutoScaling::AutoScalingGroup";

    // aws:invokeLambdaFunction waits at most 300 s; a run is a few calls plus,
    // when templates change, pages of 100 groups to find those sharing them.
    private static final Duration TIMEOUT = Duration.minutes(4);
    private static final int STEP_TIMEOUT_SECONDS = 300;
    private static final int MEMORY_MB = 1024;

    // Config retries a failed automatic remediation 3 times within 10 minutes;
    // the function is safe to rerun, so a throttled or interrupted run completes.
    private static final int MAXIMUM_AUTOMATIC_ATTEMPTS = 3;
    private static final int RETRY_ATTEMPT_SECONDS = 600;
    // At most a tenth of the non-compliant groups are changed at once, and the
    // batch stops when a tenth fail: a wrong template does not roll over a fleet.
    private static final int CONCURRENT_PERCENT = 10;
    private static final int ERROR_PERCENT = 10;

    private static final String IAM_WILDCARDS = "AwsSolutions-IAM5";

    private final LogGroup logGroup;
    private final Role functionRole;
    private final Function function;
    private final Role automationRole;
    private final CfnDocument document;
    private final CfnRemediationConfiguration configuration;

    public Remediation(Construct scope, String id, RemediationProps props) {
        super(scope, id);

        this.logGroup = LogGroup.Builder.create(this, "Logs")
                .retention(props.logRetention())
                .build();
        this.functionRole = functionRole();
        this.function = function(props);
        this.automationRole = automationRole();
        this.document = document();
        this.configuration = configuration(props);

        explainFindings();
    }

    public Function getFunction() {
        return function;
    }

    public Role getFunctionRole() {
        return functionRole;
    }

    public Role getAutomationRole() {
        return automationRole;
    }

    public CfnDocument getDocument() {
        return document;
    }

    public CfnRemediationConfiguration getConfiguration() {
        return configuration;
    }

    private Role functionRole() {
        Role role = Role.Builder.create(this, "FunctionRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs the ASG IMDSv2 remediation: new template versions with tokens required,"
                        + " groups moved to them")
                .build();
        Stack stack = Stack.of(this);

        // Reads the group and its template versions to plan; neither action
        // supports resource-level permissions.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("ReadGroupsAndTemplates")
                .actions(List.of(
                        "autoscaling:DescribeAutoScalingGroups",
                        "ec2:DescribeLaunchTemplateVersions"))
                .resources(List.of("*"))
                .build());
        // Adds versions with tokens required and moves a template's default
        // to one; only launch templates of this account and region.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("WriteTemplateVersions")
                .actions(List.of(
                        "ec2:CreateLaunchTemplateVersion",
                        "ec2:ModifyLaunchTemplate"))
                .resources(List.of(launchTemplates(stack)))
                .build());
        // Moves a group's pinned references to the new versions and, when
        // asked, replaces its instances; only groups of this account and region.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("UpdateGroups")
                .actions(List.of(
                        "autoscaling:UpdateAutoScalingGroup",
                        "autoscaling:StartInstanceRefresh"))
                .resources(List.of("arn:" + stack.getPartition() + ":autoscaling:" + stack.getRegion() + ":"
                        + stack.getAccount() + ":autoScalingGroup:*:autoScalingGroupName/*"))
                .build());
        // Auto Scaling checks that whoever points a group at a launch template
        // could launch from it: ec2:RunInstances on what the template names
        // (images, subnets, security groups, volumes, ...), and ec2:CreateTags
        // when it tags at launch. Only launches from this account's templates.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("LaunchFromTemplates")
                .actions(List.of("ec2:RunInstances"))
                .resources(List.of("arn:" + stack.getPartition() + ":ec2:" + stack.getRegion() + ":*:*"))
                .conditions(Map.of("ArnLike", Map.of("ec2:LaunchTemplate", launchTemplates(stack))))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("TagAtLaunch")
                .actions(List.of("ec2:CreateTags"))
                .resources(List.of("arn:" + stack.getPartition() + ":ec2:" + stack.getRegion() + ":"
                        + stack.getAccount() + ":*/*"))
                .conditions(Map.of("StringEquals", Map.of("ec2:CreateAction", "RunInstances")))
                .build());
        // The same check for a template with an instance profile: passing its
        // role, and only to EC2 instances.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("PassInstanceProfileRoles")
                .actions(List.of("iam:PassRole"))
                .resources(List.of("arn:" + stack.getPartition() + ":iam::" + stack.getAccount() + ":role/*"))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com")))
                .build());
        logGroup.grantWrite(role);

        return role;
    }

    private static String launchTemplates(Stack stack) {
        return "arn:" + stack.getPartition() + ":ec2:" + stack.getRegion() + ":" + stack.getAccount()
                + ":launch-template/*";
    }

    private Function function(RemediationProps props) {
        Function remediation = Function.Builder.create(this, "Function")
                .description("Makes an Auto Scaling group's launch template versions require IMDSv2")
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(Code.fromAsset(props.ruleJar().toString()))
                .memorySize(MEMORY_MB)
                .timeout(TIMEOUT)
                .logGroup(logGroup)
                .role(functionRole.withoutPolicyUpdates())
                .build();
        remediation.getNode().addDependency(functionRole);
        return remediation;
    }

    private Role automationRole() {
        Role role = Role.Builder.create(this, "AutomationRole")
                .assumedBy(ServicePrincipal.Builder.create("ssm.amazonaws.com")
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Stack.of(this).getAccount())))
                        .build())
                .description("Lets SSM Automation run the ASG IMDSv2 remediation document")
                .build();
        // The document's only step invokes the function, unqualified.
        role.addToPolicy(PolicyStatement.Builder.create()
                .sid("InvokeRemediation")
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(function.getFunctionArn()))
                .build());
        return role;
    }

    private CfnDocument document() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("AutomationAssumeRole", Map.of(
                "type", "String",
                "description", "The role Automation runs as; it may only invoke the remediation function",
                "default", automationRole.getRoleArn()));
        parameters.put("GroupArnOrName", Map.of(
                "type", "String",
                "description", "The Auto Scaling group, by ARN (as Config passes it) or by name",
                // Inserted into the function's JSON input: no quote or backslash.
                "allowedPattern", "^[^\"\\\\]{1,1600}$"));
        parameters.put("DryRun", flag("Only plan: report what would change, change nothing", "false"));
        parameters.put("Refresh", flag("Also start an instance refresh, replacing running instances", "false"));
        parameters.put("AllowSharedChanges", flag("Apply even when other groups sharing a template would"
                + " launch with changed settings", "false"));

        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", "Remediate");
        step.put("action", "aws:invokeLambdaFunction");
        step.put("timeoutSeconds", STEP_TIMEOUT_SECONDS);
        step.put("maxAttempts", 1);
        step.put("onFailure", "Abort");
        step.put("inputs", Map.of(
                "FunctionName", function.getFunctionArn(),
                "InvocationType", "RequestResponse",
                "Payload", "{\"group\":\"{{ GroupArnOrName }}\",\"dryRun\":\"{{ DryRun }}\","
                        + "\"refresh\":\"{{ Refresh }}\",\"allowShared\":\"{{ AllowSharedChanges }}\"}"));
        step.put("outputs", List.of(Map.of("Name", "Report", "Selector", "$.Payload", "Type", "String")));

        Map<String, Object> content = new LinkedHashMap<>();
        content.put("schemaVersion", "0.3");
        content.put("description", "Makes an Auto Scaling group require IMDSv2: each launch template version it"
                + " launches from that does not is copied whole with HttpTokens=required, and the group (or the"
                + " template's default) moves to the copy. Safe to rerun; see the step's Report output.");
        content.put("assumeRole", "{{ AutomationAssumeRole }}");
        content.put("parameters", parameters);
        content.put("mainSteps", List.of(step));
        content.put("outputs", List.of("Remediate.Report"));

        return CfnDocument.Builder.create(this, "Document")
                .documentType("Automation")
                .documentFormat("JSON")
                .content(content)
                .build();
    }

    private static Map<String, Object> flag(String description, String byDefault) {
        return Map.of(
                "type", "String",
                "description", description,
                "allowedValues", List.of("true", "false"),
                "default", byDefault);
    }

    private CfnRemediationConfiguration configuration(RemediationProps props) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("AutomationAssumeRole", staticValue(automationRole.getRoleArn()));
        parameters.put("GroupArnOrName", Map.of("ResourceValue", Map.of("Value", "RESOURCE_ID")));
        parameters.put("DryRun", staticValue("false"));
        parameters.put("Refresh", staticValue("false"));
        parameters.put("AllowSharedChanges", staticValue("false"));

        return CfnRemediationConfiguration.Builder.create(this, "Configuration")
                .configRuleName(props.rule().getConfigRuleName())
                .targetType("SSM_DOCUMENT")
                .targetId(document.getRef())
                .resourceType(RESOURCE_TYPE)
                .parameters(parameters)
                .automatic(props.automatic())
                .maximumAutomaticAttempts(MAXIMUM_AUTOMATIC_ATTEMPTS)
                .retryAttemptSeconds(RETRY_ATTEMPT_SECONDS)
                .executionControls(CfnRemediationConfiguration.ExecutionControlsProperty.builder()
                        .ssmControls(CfnRemediationConfiguration.SsmControlsProperty.builder()
                                .concurrentExecutionRatePercentage(CONCURRENT_PERCENT)
                                .errorPercentage(ERROR_PERCENT)
                                .build())
                        .build())
                .build();
    }

    private static Map<String, Object> staticValue(String value) {
        return Map.of("StaticValue", Map.of("Values", List.of(value)));
    }

    private void explainFindings() {
        NagSuppressions.addResourceSuppressions(functionRole, List.of(NagPackSuppression.builder()
                .id(IAM_WILDCARDS)
                .reason("autoscaling:DescribeAutoScalingGroups and ec2:DescribeLaunchTemplateVersions support no"
                        + " resource-level permissions; template and group writes are limited to this account and"
                        + " region, whichever template or group Config finds non-compliant; ec2:RunInstances is"
                        + " limited to launches from this account's templates, ec2:CreateTags to tagging at launch,"
                        + " iam:PassRole to passing roles to EC2, which Auto Scaling checks before it accepts a"
                        + " template whose instance profile the function cannot know in advance.")
                .build()), true);
    }
}
