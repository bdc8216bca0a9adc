package dev.imdsv2.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class OrganizationStackTest {

    private static final SynthesizedOrganization PACK = SynthesizedOrganization.Pack.APP;
    private static final SynthesizedOrganization CONFIG_RULE = SynthesizedOrganization.ConfigRule.APP;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> ALIAS = Map.of("Ref", Match.stringLikeRegexp("RuleFunctionLive.*"));

    @Test
    void centralFunctionIsTheRuleFunctionBehindItsLiveAlias() {
        PACK.template.resourceCountIs("AWS::Lambda::Function", 1);
        PACK.template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "Handler", "dev.imdsv2.rule.lambda.ConfigRuleHandler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        PACK.template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
        PACK.template.resourceCountIs("AWS::CloudWatch::Alarm", 2);
    }

    @Test
    void centralAccountGetsNoRuleOfItsOwn() {
        PACK.template.resourceCountIs("AWS::Config::ConfigRule", 0);
        PACK.template.resourceCountIs("AWS::Config::OrganizationConfigRule", 0);
        CONFIG_RULE.template.resourceCountIs("AWS::Config::OrganizationConformancePack", 0);
    }

    @Test
    void configInAnyAccountMayInvokeTheAliasByDefault() {
        PACK.template.resourceCountIs("AWS::Lambda::Permission", 1);

        PACK.template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "config.amazonaws.com",
                "FunctionName", ALIAS,
                "SourceAccount", Match.absent(),
                "PrincipalOrgID", Match.absent()));
    }

    @Test
    void invokingAccountsGetOnePermissionEach() {
        CONFIG_RULE.template.resourceCountIs("AWS::Lambda::Permission", 2);

        for (String account : List.of("333333333333", "444444444444")) {
            CONFIG_RULE.template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                    "Action", "lambda:InvokeFunction",
                    "Principal", "config.amazonaws.com",
                    "FunctionName", ALIAS,
                    "SourceAccount", account));
        }
    }

    @Test
    void centralRoleAssumesOnlyTheMemberRoleAndOnlyInsideTheOrganization() {
        Map<String, Object> statement = statementFor(PACK.template, "sts:AssumeRole");

        assertThat(statement).containsEntry("Resource", Map.of("Fn::Join", List.of("", List.of(
                "arn:", Map.of("Ref", "AWS::Partition"), ":iam::*:role/asg-imdsv2-rule-member"))));
        assertThat(statement).containsEntry("Condition", Map.of("StringEquals", Map.of(
                "aws:ResourceOrgID", "o-abcdefghij")));
        assertThat(statementFor(CONFIG_RULE.template, "sts:AssumeRole").get("Resource")).asString()
                .contains(":iam::*:role/imdsv2-judge");
    }

    @Test
    void centralRoleMakesNoRuleCallItself() {
        Set<String> actions = new TreeSet<>();
        statements(PACK.template).forEach(statement -> actions.addAll(actions(statement)));

        assertThat(actions).containsExactlyInAnyOrder(
                "sts:AssumeRole", "sqs:SendMessage", "logs:CreateLogStream", "logs:PutLogEvents");
    }

    @Test
    void stackSetIsServiceManagedAndFollowsAccountsIntoTheTargetOus() {
        PACK.template.resourceCountIs("AWS::CloudFormation::StackSet", 1);

        PACK.template.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "StackSetName", "asg-imdsv2-rule-member-role",
                "PermissionModel", "SERVICE_MANAGED",
                "CallAs", "DELEGATED_ADMIN",
                "AutoDeployment", Map.of(
                        "Enabled", true,
                        "RetainStacksOnAccountRemoval", false),
                "Capabilities", List.of("CAPABILITY_NAMED_IAM"),
                "OperationPreferences", Map.of(
                        "FailureTolerancePercentage", 10,
                        "MaxConcurrentPercentage", 25,
                        "ConcurrencyMode", "SOFT_FAILURE_TOLERANCE",
                        "RegionConcurrencyType", "PARALLEL")));
    }

    @Test
    void stackSetTargetsTheOusMinusExcludedAccountsInTheStacksRegion() {
        PACK.template.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "StackInstancesGroup", List.of(Map.of(
                        "DeploymentTargets", Map.of(
                                "OrganizationalUnitIds", List.of("ou-abcd-12345678", "r-ab12"),
                                "AccountFilterType", "DIFFERENCE",
                                "Accounts", List.of("111111111111", "222222222222")),
                        "Regions", List.of(Map.of("Ref", "AWS::Region"))))));
    }

    @Test
    void stackSetRegionAndCallerComeFromContext() {
        CONFIG_RULE.template.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "CallAs", "SELF",
                "StackInstancesGroup", List.of(Map.of(
                        "DeploymentTargets", Map.of("OrganizationalUnitIds", List.of("r-ab12")),
                        "Regions", List.of("us-east-1")))));
    }

    @Test
    void stackSetPassesTheCentralRoleToTheMemberTemplate() {
        PACK.template.hasResourceProperties("AWS::CloudFormation::StackSet", Map.of(
                "Parameters", List.of(Map.of(
                        "ParameterKey", "CentralRoleArn",
                        "ParameterValue", Map.of("Fn::GetAtt", List.of(
                                Match.stringLikeRegexp("RuleFunctionExecutionRole.*"), "Arn"))))));
    }

    @Test
    void memberRoleIsNamedAndTrustsOnlyTheCentralRoleFromInsideTheOrganization() throws IOException {
        JsonNode role = memberRole(PACK);
        JsonNode trust = role.path("AssumeRolePolicyDocument").path("Statement");

        assertThat(role.path("RoleName").asText()).isEqualTo("asg-imdsv2-rule-member");
        assertThat(trust).hasSize(1);
        assertThat(trust.path(0).path("Effect").asText()).isEqualTo("Allow");
        assertThat(trust.path(0).path("Action").asText()).isEqualTo("sts:AssumeRole");
        assertThat(trust.path(0).path("Principal")).isEqualTo(JSON.readTree("{\"AWS\":{\"Ref\":\"CentralRoleArn\"}}"));
        assertThat(trust.path(0).path("Condition")).isEqualTo(JSON.readTree("""
                {"StringEquals": {
                  "aws:PrincipalOrgID": "o-abcdefghij",
                  "sts:RoleSessionName": {"Fn::Sub": "asg-imdsv2-rule-${AWS::AccountId}"}}}"""));
        assertThat(memberRole(CONFIG_RULE).path("RoleName").asText()).isEqualTo("imdsv2-judge");
    }

    @Test
    void memberRoleMayMakeExactlyTheRulesCalls() throws IOException {
        List<String> actions = new ArrayList<>();
        JsonNode policies = memberRole(PACK).path("Policies");
        assertThat(policies).hasSize(1);
        policies.path(0).path("PolicyDocument").path("Statement").forEach(statement -> {
            assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
            statement.path("Action").forEach(action -> actions.add(action.asText()));
        });

        assertThat(actions).containsExactlyInAnyOrder(
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceMetadataDefaults",
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeLaunchConfigurations",
                "config:PutEvaluations",
                "config:GetResourceConfigHistory",
                "config:GetComplianceDetailsByConfigRule");
    }

    @Test
    void memberRoleReadsOnlyResultsOfPackAndOrganizationRules() throws IOException {
        JsonNode statements = memberRole(PACK).path("Policies").path(0).path("PolicyDocument").path("Statement");
        JsonNode readResults = statements.path(2);

        assertThat(readResults.path("Sid").asText()).isEqualTo("ReadOwnResults");
        assertThat(readResults.path("Resource").findValuesAsText("Fn::Sub")).containsExactly(
                "arn:${AWS::Partition}:config:*:${AWS::AccountId}:config-rule/aws-service-rule/"
                        + "config-conforms.amazonaws.com/*",
                "arn:${AWS::Partition}:config:*:${AWS::AccountId}:config-rule/aws-service-rule/"
                        + "config-multiaccountsetup.amazonaws.com/*");
    }

    @Test
    void synthesisWritesTheMemberTemplateForTheManagementAccount() throws IOException {
        String written = Files.readString(PACK.outdir.resolve("member-role.json"));

        assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(stackSetTemplateBody(PACK)));
        assertThat(PACK.outdir.resolve("AsgImdsV2RuleOrganization.template.json")).isRegularFile();
    }

    @Test
    void conformancePackCarriesTheRuleServedByTheCentralFunction() throws IOException {
        PACK.template.resourceCountIs("AWS::Config::OrganizationConformancePack", 1);
        JsonNode pack = JSON.readTree(conformancePackTemplateBody());
        JsonNode rule = pack.path("Resources").path("AsgLaunchTemplateImdsV2");

        assertThat(pack.path("Resources")).hasSize(1);
        assertThat(rule.path("Type").asText()).isEqualTo("AWS::Config::ConfigRule");
        assertThat(rule.path("Properties").path("Source").path("Owner").asText()).isEqualTo("CUSTOM_LAMBDA");
        assertThat(rule.path("Properties").path("Source").path("SourceIdentifier").path("Ref").asText())
                .isEqualTo("RuleFunctionArn");
        assertThat(rule.path("Properties").path("Source").path("SourceDetails").findValuesAsText("MessageType"))
                .containsExactly(
                        "ConfigurationItemChangeNotification",
                        "OversizedConfigurationItemChangeNotification",
                        "ScheduledNotification");
        assertThat(rule.path("Properties").path("Source").path("SourceDetails").path(2)
                .path("MaximumExecutionFrequency").path("Ref").asText()).isEqualTo("MaximumExecutionFrequency");
        assertThat(rule.path("Properties").path("Scope").path("ComplianceResourceTypes").toString())
                .isEqualTo("[\"AWS::AutoScaling::AutoScalingGroup\",\"AWS::EC2::LaunchTemplate\"]");
    }

    @Test
    void conformancePackRulePassesTheMemberRoleName() throws IOException {
        JsonNode pack = JSON.readTree(conformancePackTemplateBody());
        JsonNode input = pack.path("Resources").path("AsgLaunchTemplateImdsV2").path("Properties")
                .path("InputParameters");

        assertThat(input.path("ExecutionRoleName").path("Ref").asText()).isEqualTo("ExecutionRoleName");
        assertThat(pack.path("Parameters").path("ExecutionRoleName").path("Default").asText())
                .isEqualTo("asg-imdsv2-rule-member");
        assertThat(input.path("VersionToJudge").path("Fn::If").path(1).path("Ref").asText())
                .isEqualTo("VersionToJudge");
    }

    @Test
    void conformancePackInputsNameTheAliasTheRoleAndTheChosenParameters() {
        PACK.template.hasResourceProperties("AWS::Config::OrganizationConformancePack", Map.of(
                "OrganizationConformancePackName", "asg-imdsv2",
                "ConformancePackInputParameters", List.of(
                        Map.of("ParameterName", "RuleFunctionArn", "ParameterValue", ALIAS),
                        Map.of("ParameterName", "ExecutionRoleName", "ParameterValue", "asg-imdsv2-rule-member"),
                        Map.of("ParameterName", "MaximumExecutionFrequency", "ParameterValue", "Six_Hours"),
                        Map.of("ParameterName", "VersionToJudge", "ParameterValue", "LATEST"),
                        Map.of("ParameterName", "ExemptionTag", "ParameterValue", "imdsv2-exempt=true")),
                "ExcludedAccounts", List.of("111111111111", "222222222222")));
    }

    @Test
    void organizationConfigRuleIsTheAlternative() throws IOException {
        CONFIG_RULE.template.resourceCountIs("AWS::Config::OrganizationConfigRule", 1);

        CONFIG_RULE.template.hasResourceProperties("AWS::Config::OrganizationConfigRule", Map.of(
                "OrganizationConfigRuleName", "imdsv2-org",
                "ExcludedAccounts", Match.absent(),
                "OrganizationCustomRuleMetadata", Match.objectLike(Map.of(
                        "LambdaFunctionArn", ALIAS,
                        "OrganizationConfigRuleTriggerTypes", List.of(
                                "ConfigurationItemChangeNotification",
                                "OversizedConfigurationItemChangeNotification",
                                "ScheduledNotification"),
                        "ResourceTypesScope", List.of(
                                "AWS::AutoScaling::AutoScalingGroup",
                                "AWS::EC2::LaunchTemplate"),
                        "MaximumExecutionFrequency", "TwentyFour_Hours",
                        "Description", Match.stringLikeRegexp(".*IMDSv2.*")))));

        String input = (String) metadata(CONFIG_RULE).get("InputParameters");
        assertThat(JSON.readTree(input)).isEqualTo(JSON.readTree("""
                {"ReportUnchanged": "TRUE", "ExecutionRoleName": "imdsv2-judge"}"""));
    }

    static Stream<Arguments> organizationRules() {
        return Stream.of(
                Arguments.of("conformance pack", PACK, "AWS::Config::OrganizationConformancePack"),
                Arguments.of("config rule", CONFIG_RULE, "AWS::Config::OrganizationConfigRule"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("organizationRules")
    void organizationRuleWaitsForTheMemberRolesAndTheInvokePermission(String name, SynthesizedOrganization app,
                                                                      String type) {
        Map<String, Object> rule = app.template.findResources(type).values().iterator().next();

        assertThat(rule.get("DependsOn"))
                .asInstanceOf(LIST)
                .contains(logicalId(app.template, "AWS::CloudFormation::StackSet"))
                .containsAll(app.template.findResources("AWS::Lambda::Permission").keySet());
    }

    @Test
    void aggregatorReadsEveryAccountAndRegionWithTheDocumentedRole() {
        PACK.template.resourceCountIs("AWS::Config::ConfigurationAggregator", 1);

        PACK.template.hasResourceProperties("AWS::Config::ConfigurationAggregator", Map.of(
                "ConfigurationAggregatorName", "asg-imdsv2-organization",
                "OrganizationAggregationSource", Map.of(
                        "AllAwsRegions", true,
                        "RoleArn", Map.of("Fn::GetAtt", List.of(
                                Match.stringLikeRegexp("AggregatorRole.*"), "Arn")))));
        PACK.template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole",
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "config.amazonaws.com")))),
                "ManagedPolicyArns", List.of(Map.of("Fn::Join", List.of("", List.of(
                        "arn:", Map.of("Ref", "AWS::Partition"),
                        ":iam::aws:policy/service-role/AWSConfigRoleForOrganizations"))))));
    }

    @Test
    void outputsNameWhatTheOperatorReachesForNext() {
        PACK.template.hasOutput("RuleFunctionArn", Map.of("Value", ALIAS));
        PACK.template.hasOutput("CentralRoleArn", Match.anyValue());
        PACK.template.hasOutput("MemberRoleStackSetName", Map.of("Value", "asg-imdsv2-rule-member-role"));
        PACK.template.hasOutput("AggregatorName", Match.anyValue());
        PACK.template.hasOutput("FailedInvocationsQueueUrl", Match.anyValue());
    }

    static Stream<Arguments> apps() {
        return Stream.of(
                Arguments.of("conformance pack", PACK.annotations),
                Arguments.of("config rule", CONFIG_RULE.annotations));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void awsSolutionsFindsNothingUnsuppressed(String name, Annotations annotations) {
        assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void synthesisLeavesNoWarningOrErrorAtAll(String name, Annotations annotations) {
        assertThat(annotations.findWarning("*", Match.anyValue())).isEmpty();
        assertThat(annotations.findError("*", Match.anyValue())).isEmpty();
    }

    private static JsonNode memberRole(SynthesizedOrganization app) throws IOException {
        JsonNode resource = JSON.readTree(stackSetTemplateBody(app)).path("Resources").path("MemberRole");
        assertThat(resource.path("Type").asText()).isEqualTo("AWS::IAM::Role");
        return resource.path("Properties");
    }

    private static String stackSetTemplateBody(SynthesizedOrganization app) {
        return (String) properties(app.template, "AWS::CloudFormation::StackSet").get("TemplateBody");
    }

    private static String conformancePackTemplateBody() {
        return (String) properties(PACK.template, "AWS::Config::OrganizationConformancePack").get("TemplateBody");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(SynthesizedOrganization app) {
        return (Map<String, Object>) properties(app.template, "AWS::Config::OrganizationConfigRule")
                .get("OrganizationCustomRuleMetadata");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Template template, String type) {
        Map<String, Map<String, Object>> resources = template.findResources(type);
        assertThat(resources).as("resources of type %s", type).hasSize(1);
        return (Map<String, Object>) resources.values().iterator().next().get("Properties");
    }

    private static String logicalId(Template template, String type) {
        return template.findResources(type).keySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Template template) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : template.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> properties = (Map<String, Object>) policy.get("Properties");
            Map<String, Object> document = (Map<String, Object>) properties.get("PolicyDocument");
            statements.addAll((List<Map<String, Object>>) document.get("Statement"));
        }
        return statements;
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof String single ? List.of(single) : (List<String>) action;
    }

    private static Map<String, Object> statementFor(Template template, String action) {
        List<Map<String, Object>> matching = statements(template).stream()
                .filter(statement -> actions(statement).contains(action))
                .toList();
        assertThat(matching).as("statements allowing %s", action).hasSize(1);
        return new HashMap<>(matching.getFirst());
    }
}
