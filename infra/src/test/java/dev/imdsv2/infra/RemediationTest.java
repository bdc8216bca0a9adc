package dev.imdsv2.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class RemediationTest {

    private static final Template MANUAL = Apps.MANUAL.template;
    private static final Template AUTOMATIC = Apps.AUTOMATIC.template;

    @Test
    void remediationIsNotDeployedUnlessAsked() {
        Synthesized.Defaults.APP.template.resourceCountIs("AWS::SSM::Document", 0);
        Synthesized.Defaults.APP.template.resourceCountIs("AWS::Config::RemediationConfiguration", 0);
    }

    @Test
    void documentIsAnAutomationThatInvokesTheRemediationFunction() {
        MANUAL.resourceCountIs("AWS::SSM::Document", 1);

        MANUAL.hasResourceProperties("AWS::SSM::Document", Map.of(
                "DocumentType", "Automation",
                "DocumentFormat", "JSON",
                "Content", Match.objectLike(Map.of(
                        "schemaVersion", "0.3",
                        "assumeRole", "{{ AutomationAssumeRole }}",
                        "parameters", Match.objectLike(Map.of(
                                "AutomationAssumeRole", Match.objectLike(Map.of("type", "String")),
                                "GroupArnOrName", Match.objectLike(Map.of("type", "String")),
                                "DryRun", Map.of("type", "String", "description", Match.anyValue(),
                                        "allowedValues", List.of("true", "false"), "default", "false"),
                                "Refresh", Match.objectLike(Map.of("default", "false")),
                                "AllowSharedChanges", Match.objectLike(Map.of("default", "false")))),
                        "mainSteps", List.of(Match.objectLike(Map.of(
                                "name", "Remediate",
                                "action", "aws:invokeLambdaFunction",
                                "timeoutSeconds", 300,
                                "onFailure", "Abort",
                                "inputs", Map.of(
                                        "FunctionName", Map.of("Fn::GetAtt", List.of(
                                                Match.stringLikeRegexp("RemediationFunction.*"), "Arn")),
                                        "InvocationType", "RequestResponse",
                                        "Payload", "{\"group\":\"{{ GroupArnOrName }}\",\"dryRun\":\"{{ DryRun }}\","
                                                + "\"refresh\":\"{{ Refresh }}\",\"allowShared\":"
                                                + "\"{{ AllowSharedChanges }}\"}"))))))));
    }

    @Test
    void functionRunsTheRemediationHandlerFromTheRuleJar() {
        MANUAL.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.imdsv2.rule.remediation.RemediationHandler::handleRequest",
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "Timeout", 240));
    }

    @Test
    void configurationIsManualByDefault_passesTheResourceIdAndLimitsRetriesAndRate() {
        MANUAL.resourceCountIs("AWS::Config::RemediationConfiguration", 1);

        MANUAL.hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of(
                "ConfigRuleName", Map.of("Ref", Match.stringLikeRegexp("ImdsV2Rule[0-9A-F]{8}")),
                "TargetType", "SSM_DOCUMENT",
                "TargetId", Map.of("Ref", Match.stringLikeRegexp("RemediationDocument.*")),
                "ResourceType", "AWS::AutoScaling::AutoScalingGroup",
                "Automatic", false,
                "MaximumAutomaticAttempts", 3,
                "RetryAttemptSeconds", 600,
                "ExecutionControls", Map.of("SsmControls", Map.of(
                        "ConcurrentExecutionRatePercentage", 10,
                        "ErrorPercentage", 10)),
                "Parameters", Map.of(
                        "AutomationAssumeRole", Map.of("StaticValue", Map.of("Values", List.of(Map.of(
                                "Fn::GetAtt", List.of(Match.stringLikeRegexp("RemediationAutomationRole.*"),
                                        "Arn"))))),
                        "GroupArnOrName", Map.of("ResourceValue", Map.of("Value", "RESOURCE_ID")),
                        "DryRun", Map.of("StaticValue", Map.of("Values", List.of("false"))),
                        "Refresh", Map.of("StaticValue", Map.of("Values", List.of("false"))),
                        "AllowSharedChanges", Map.of("StaticValue", Map.of("Values", List.of("false"))))));
    }

    @Test
    void contextAutoRemediateMakesItAutomatic() {
        AUTOMATIC.hasResourceProperties("AWS::Config::RemediationConfiguration", Map.of("Automatic", true));
    }

    @Test
    void autoRemediateWithoutRemediationIsRefused() {
        App app = App.Builder.create().context(Map.of("autoRemediate", "true")).build();

        assertThatThrownBy(() -> RemediationSettings.fromContext(app.getNode()))
                .hasMessage("context key 'autoRemediate' needs 'remediation=true': there is no remediation to run"
                        + " automatically");
    }

    @Test
    void functionRoleAllowsExactlyTheRemediationsCalls() {
        assertThat(actions(MANUAL, "RemediationFunctionRole")).containsExactlyInAnyOrder(
                "autoscaling:DescribeAutoScalingGroups",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:CreateLaunchTemplateVersion",
                "ec2:ModifyLaunchTemplate",
                "autoscaling:UpdateAutoScalingGroup",
                "autoscaling:StartInstanceRefresh",
                "ec2:RunInstances",
                "ec2:CreateTags",
                "iam:PassRole",
                "logs:CreateLogStream",
                "logs:PutLogEvents");
    }

    @Test
    void passRoleGoesOnlyToEc2_andRunInstancesOnlyFromTemplates() {
        Map<String, Object> passRole = statement(MANUAL, "RemediationFunctionRole", "iam:PassRole");
        Map<String, Object> runInstances = statement(MANUAL, "RemediationFunctionRole", "ec2:RunInstances");

        assertThat(passRole.get("Condition"))
                .isEqualTo(Map.of("StringEquals", Map.of("iam:PassedToService", "ec2.amazonaws.com")));
        assertThat(runInstances.get("Condition")).asString().contains("ec2:LaunchTemplate", "launch-template/*");
        assertThat(statement(MANUAL, "RemediationFunctionRole", "autoscaling:UpdateAutoScalingGroup")
                .get("Resource")).asString().contains("autoScalingGroupName/*");
    }

    @Test
    void automationRoleMayOnlyInvokeTheFunction() {
        assertThat(actions(MANUAL, "RemediationAutomationRole")).containsExactly("lambda:InvokeFunction");
        assertThat(statement(MANUAL, "RemediationAutomationRole", "lambda:InvokeFunction").get("Resource"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(logicalId(MANUAL, "RemediationFunction"), "Arn")));
        MANUAL.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Match.objectLike(Map.of(
                        "Principal", Map.of("Service", "ssm.amazonaws.com"),
                        "Condition", Map.of("StringEquals", Map.of("aws:SourceAccount",
                                Map.of("Ref", "AWS::AccountId"))))))),
                "ManagedPolicyArns", Match.absent()));
    }

    @Test
    void ruleFunctionStillOnlyReads() {
        assertThat(actions(MANUAL, "ImdsV2RuleExecutionRole")).doesNotContain(
                "ec2:CreateLaunchTemplateVersion", "autoscaling:UpdateAutoScalingGroup", "iam:PassRole");
    }

    @Test
    void cdkNagFindsNothingUnsuppressed() {
        for (Annotations annotations : List.of(Apps.MANUAL.annotations, Apps.AUTOMATIC.annotations)) {
            assertThat(annotations.findError("*", Match.anyValue())).isEmpty();
            assertThat(annotations.findWarning("*", Match.anyValue())).isEmpty();
        }
    }

    /** The allowed actions of the policies attached to roles whose logical id starts with the prefix. */
    private static Set<String> actions(Template template, String rolePrefix) {
        Set<String> actions = new TreeSet<>();
        statements(template, rolePrefix).forEach(s -> actions.addAll(actionsOf(s)));
        return actions;
    }

    private static Map<String, Object> statement(Template template, String rolePrefix, String action) {
        List<Map<String, Object>> matching = statements(template, rolePrefix).stream()
                .filter(s -> actionsOf(s).contains(action))
                .toList();
        assertThat(matching).as("statements allowing %s", action).hasSize(1);
        return matching.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Template template, String rolePrefix) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Map<String, Object> policy : template.findResources("AWS::IAM::Policy").values()) {
            Map<String, Object> properties = (Map<String, Object>) policy.get("Properties");
            List<Object> roles = (List<Object>) properties.get("Roles");
            if (roles.toString().contains("\"" + rolePrefix) || roles.toString().contains("=" + rolePrefix)) {
                Map<String, Object> document = (Map<String, Object>) properties.get("PolicyDocument");
                statements.addAll((List<Map<String, Object>>) document.get("Statement"));
            }
        }
        return statements;
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> actionsOf(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof String single ? List.of(single) : (List<String>) action;
    }

    private static String logicalId(Template template, String prefix) {
        return ((Map<?, ?>) template.toJSON().get("Resources")).keySet().stream()
                .map(Object::toString)
                .filter(id -> id.matches(prefix + "[0-9A-F]{8}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no resource named " + prefix + " and an 8-character hash"));
    }

    /** The app synthesized with the remediation, once per JVM, as cdk synth builds it. */
    private static final class Apps {
        static final Apps MANUAL = new Apps("remediation", Map.of("remediation", "true"));
        static final Apps AUTOMATIC = new Apps("auto-remediation",
                Map.of("remediation", "true", "autoRemediate", "true"));

        final Template template;
        final Annotations annotations;

        private Apps(String name, Map<String, Object> context) {
            App app = App.Builder.create()
                    .context(context)
                    .outdir(Path.of("target", "synth-" + name).toAbsolutePath().toString())
                    .build();
            RuleStack stack = RuleApp.synthesize(app);
            this.template = Template.fromStack(stack);
            this.annotations = Annotations.fromStack(stack);
        }
    }
}
