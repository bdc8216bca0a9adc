package dev.imdsv2.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnResource;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudformation.CfnStackSet;
import software.amazon.awscdk.services.config.CfnConfigurationAggregator;
import software.amazon.awscdk.services.config.CfnOrganizationConfigRule;
import software.amazon.awscdk.services.config.CfnOrganizationConformancePack;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Permission;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The rule for every account of an organization, deployed once in the
 * management account or, better, a delegated administrator.
 *
 * <p>One central function judges every account. Its own role can do nothing
 * but assume the member role, which a service-managed StackSet puts into
 * every account of the target OUs; the rule reaches each account as an
 * organization conformance pack (or an organization Config rule) whose
 * {@code ExecutionRoleName} names that role. The function assumes the role in
 * the account the event names and nowhere else, so an account can only ever
 * have itself judged. An organization-wide aggregator gathers the verdicts
 * of every account and region in one place.
 */
public final class OrganizationStack extends Stack {

    public static final String FUNCTION_ARN_OUTPUT = "RuleFunctionArn";
    public static final String CENTRAL_ROLE_ARN_OUTPUT = "CentralRoleArn";
    public static final String STACK_SET_NAME = "asg-imdsv2-rule-member-role";
    public static final String CONFORMANCE_PACK_NAME = "asg-imdsv2";
    public static final String AGGREGATOR_NAME = "asg-imdsv2-organization";

    static final String CONFIG = "config.amazonaws.com";
    static final String AGGREGATOR_POLICY = "service-role/AWSConfigRoleForOrganizations";

    static final List<String> TRIGGERS = List.of(
            "ConfigurationItemChangeNotification",
            "OversizedConfigurationItemChangeNotification",
            "ScheduledNotification");

    // A role creation fails alone, rarely: let a tenth of the accounts fail
    // before the rollout stops, and roll out to a quarter of them at a time.
    // Soft failure tolerance keeps that concurrency even when the tolerance
    // is lower; strict mode would cap it at the tolerance plus one.
    private static final int FAILURE_TOLERANCE_PERCENTAGE = 10;
    private static final int MAX_CONCURRENT_PERCENTAGE = 25;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RuleFunction ruleFunction;
    private final List<IConstruct> invokePermissions = new ArrayList<>();
    private final CfnStackSet memberRoles;
    private final CfnResource organizationRule;
    private final Role aggregatorRole;
    private final CfnConfigurationAggregator aggregator;
    private final FailureAlarms alarms;

    public OrganizationStack(Construct scope, String id, StackProps stackProps, ImdsV2RuleProps props,
                             OrganizationSettings organization) {
        super(scope, id, stackProps);
        RuleSettings settings = props.settings();

        this.ruleFunction = new RuleFunction(this, "RuleFunction", new RuleFunctionProps(
                props.ruleJar(),
                settings.logRetention(),
                "Runs the ASG IMDSv2 Config rule for the organization: assumes the member role in each account",
                List.of(assumeMemberRole(organization))));
        letConfigInvoke(organization);
        this.memberRoles = memberRoleStackSet(organization);
        this.organizationRule = organization.delivery() == OrganizationSettings.Delivery.CONFIG_RULE
                ? organizationConfigRule(settings, organization)
                : organizationConformancePack(settings, organization);
        // Config creates the rule in each account at once and invokes it soon
        // after: the roles must be there, and so must the right to invoke.
        organizationRule.getNode().addDependency(memberRoles);
        invokePermissions.forEach(permission -> organizationRule.getNode().addDependency(permission));

        this.aggregatorRole = aggregatorRole();
        this.aggregator = aggregator();
        this.alarms = new FailureAlarms(this, "Alarms", ruleFunction);

        outputs();
        explainFindings(organization);
    }

    public RuleFunction getRuleFunction() {
        return ruleFunction;
    }

    public CfnStackSet getMemberRoles() {
        return memberRoles;
    }

    /** The organization conformance pack, or the organization Config rule. */
    public CfnResource getOrganizationRule() {
        return organizationRule;
    }

    public CfnConfigurationAggregator getAggregator() {
        return aggregator;
    }

    public FailureAlarms getAlarms() {
        return alarms;
    }

    private PolicyStatement assumeMemberRole(OrganizationSettings organization) {
        // The role has the same name in every account, so the account is a
        // wildcard; aws:ResourceOrgID keeps it to accounts of this organization.
        return PolicyStatement.Builder.create()
                .sid("AssumeMemberRole")
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of(memberRoleArns(organization)))
                .conditions(Map.of("StringEquals", Map.of(
                        "aws:ResourceOrgID", organization.organizationId())))
                .build();
    }

    private String memberRoleArns(OrganizationSettings organization) {
        return formatArn(ArnComponents.builder()
                .service("iam")
                .region("")
                .account("*")
                .resource("role")
                .resourceName(organization.executionRoleName())
                .build());
    }

    private void letConfigInvoke(OrganizationSettings organization) {
        // AWS::Lambda::Permission can bind a service principal only to one
        // source account or one source ARN. Its PrincipalOrgID becomes
        // aws:PrincipalOrgID, which a service principal never carries, so it
        // would shut Config out; aws:SourceOrgID, the key that would fit, is
        // not among its properties. Hence either a statement per account, or
        // Config in any account, with the role's aws:ResourceOrgID condition
        // keeping the function's reach inside the organization.
        Alias alias = ruleFunction.getAlias();
        if (organization.invokingAccounts().isEmpty()) {
            invokePermissions.add(permission(alias, "InvokedByConfig", null));
        }
        for (String account : organization.invokingAccounts()) {
            invokePermissions.add(permission(alias, "InvokedByConfigIn" + account, account));
        }
    }

    private static IConstruct permission(Alias alias, String id, String sourceAccount) {
        alias.addPermission(id, Permission.builder()
                .principal(new ServicePrincipal(CONFIG))
                .action("lambda:InvokeFunction")
                .sourceAccount(sourceAccount)
                .build());
        return alias.getNode().findChild(id);
    }

    private CfnStackSet memberRoleStackSet(OrganizationSettings organization) {
        CfnStackSet.DeploymentTargetsProperty.Builder targets = CfnStackSet.DeploymentTargetsProperty.builder()
                .organizationalUnitIds(organization.targetOus());
        if (!organization.excludedAccounts().isEmpty()) {
            targets.accountFilterType("DIFFERENCE")
                    .accounts(organization.excludedAccounts());
        }
        String region = organization.memberRoleRegion() == null ? getRegion() : organization.memberRoleRegion();

        return CfnStackSet.Builder.create(this, "MemberRoles")
                .stackSetName(STACK_SET_NAME)
                .description("The role the central ASG IMDSv2 rule function assumes in each member account")
                .permissionModel("SERVICE_MANAGED")
                .callAs(organization.callAs())
                .autoDeployment(CfnStackSet.AutoDeploymentProperty.builder()
                        .enabled(true)
                        .retainStacksOnAccountRemoval(false)
                        .build())
                .capabilities(List.of("CAPABILITY_NAMED_IAM"))
                .operationPreferences(CfnStackSet.OperationPreferencesProperty.builder()
                        .failureTolerancePercentage(FAILURE_TOLERANCE_PERCENTAGE)
                        .maxConcurrentPercentage(MAX_CONCURRENT_PERCENTAGE)
                        .concurrencyMode("SOFT_FAILURE_TOLERANCE")
                        .regionConcurrencyType("PARALLEL")
                        .build())
                .parameters(List.of(CfnStackSet.ParameterProperty.builder()
                        .parameterKey(MemberRoleTemplate.CENTRAL_ROLE_ARN)
                        .parameterValue(ruleFunction.getRole().getRoleArn())
                        .build()))
                .stackInstancesGroup(List.of(CfnStackSet.StackInstancesProperty.builder()
                        .deploymentTargets(targets.build())
                        .regions(List.of(region))
                        .build()))
                .templateBody(MemberRoleTemplate.of(organization).toJson())
                .build();
    }

    private CfnOrganizationConformancePack organizationConformancePack(RuleSettings settings,
                                                                      OrganizationSettings organization) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put(ConformancePackTemplate.FUNCTION_ARN, ruleFunction.getAlias().getFunctionArn());
        inputs.put(ConformancePackTemplate.EXECUTION_ROLE_NAME, organization.executionRoleName());
        inputs.put(ConformancePackTemplate.FREQUENCY, settings.maximumExecutionFrequencyName());
        inputs.putAll(settings.inputParameters());

        return CfnOrganizationConformancePack.Builder.create(this, "ConformancePack")
                .organizationConformancePackName(CONFORMANCE_PACK_NAME)
                .templateBody(json(ConformancePackTemplate
                        .forOrganization(settings, organization.executionRoleName())
                        .body()))
                .conformancePackInputParameters(inputs.entrySet()
                        .stream()
                        .map(input -> CfnOrganizationConformancePack.ConformancePackInputParameterProperty.builder()
                                .parameterName(input.getKey())
                                .parameterValue(input.getValue())
                                .build())
                        .toList())
                .excludedAccounts(organization.excludedAccounts().isEmpty() ? null : organization.excludedAccounts())
                .build();
    }

    private CfnOrganizationConfigRule organizationConfigRule(RuleSettings settings,
                                                            OrganizationSettings organization) {
        Map<String, String> parameters = new LinkedHashMap<>(settings.inputParameters());
        parameters.put(OrganizationSettings.EXECUTION_ROLE_NAME, organization.executionRoleName());

        return CfnOrganizationConfigRule.Builder.create(this, "ConfigRule")
                .organizationConfigRuleName(settings.ruleName())
                .organizationCustomRuleMetadata(CfnOrganizationConfigRule.OrganizationCustomRuleMetadataProperty
                        .builder()
                        .description(ImdsV2Rule.DESCRIPTION)
                        .lambdaFunctionArn(ruleFunction.getAlias().getFunctionArn())
                        .organizationConfigRuleTriggerTypes(TRIGGERS)
                        .resourceTypesScope(ImdsV2Rule.SCOPE)
                        .inputParameters(json(parameters))
                        .maximumExecutionFrequency(settings.maximumExecutionFrequencyName())
                        .build())
                .excludedAccounts(organization.excludedAccounts().isEmpty() ? null : organization.excludedAccounts())
                .build();
    }

    private Role aggregatorRole() {
        return Role.Builder.create(this, "AggregatorRole")
                .assumedBy(new ServicePrincipal(CONFIG))
                .description("Lets AWS Config list the organization's accounts for the aggregator")
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(AGGREGATOR_POLICY)))
                .build();
    }

    private CfnConfigurationAggregator aggregator() {
        return CfnConfigurationAggregator.Builder.create(this, "Aggregator")
                .configurationAggregatorName(AGGREGATOR_NAME)
                .organizationAggregationSource(CfnConfigurationAggregator.OrganizationAggregationSourceProperty
                        .builder()
                        .allAwsRegions(true)
                        .roleArn(aggregatorRole.getRoleArn())
                        .build())
                .build();
    }

    private void outputs() {
        CfnOutput.Builder.create(this, FUNCTION_ARN_OUTPUT)
                .description("The alias AWS Config invokes in every account")
                .value(ruleFunction.getAlias().getFunctionArn())
                .build();
        CfnOutput.Builder.create(this, CENTRAL_ROLE_ARN_OUTPUT)
                .description("The function's role, which member roles trust; member-role.json's CentralRoleArn")
                .value(ruleFunction.getRole().getRoleArn())
                .build();
        CfnOutput.Builder.create(this, "MemberRoleStackSetName")
                .description("aws cloudformation list-stack-instances --stack-set-name <this>")
                .value(STACK_SET_NAME)
                .build();
        CfnOutput.Builder.create(this, "AggregatorName")
                .description("Where every account's verdicts can be read")
                .value(aggregator.getConfigurationAggregatorName())
                .build();
        CfnOutput.Builder.create(this, "FailedInvocationsQueueUrl")
                .description("Events whose invocations failed after every retry")
                .value(ruleFunction.getFailedInvocations().getQueueUrl())
                .build();
    }

    private void explainFindings(OrganizationSettings organization) {
        NagSuppressions.addResourceSuppressions(ruleFunction.getRole(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("The member role has one name in every account, so only the account is a wildcard;"
                        + " the statement allows sts:AssumeRole alone and only on roles whose account belongs"
                        + " to the organization (aws:ResourceOrgID).")
                .appliesTo(List.of("Resource::arn:<AWS::Partition>:iam::*:role/"
                        + organization.executionRoleName()))
                .build()), true);
        NagSuppressions.addResourceSuppressions(aggregatorRole, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM4")
                .reason("AWS documents the managed policy AWSConfigRoleForOrganizations as the policy of an"
                        + " organization aggregator's role; it lets Config list the organization's accounts"
                        + " and follows new Config features without a change here.")
                .appliesTo(List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/" + AGGREGATOR_POLICY))
                .build()));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render " + value, e);
        }
    }
}
