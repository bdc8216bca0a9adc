package dev.imdsv2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class ExecutionRoleTest {

    private static final Template DEFAULTS = Synthesized.Defaults.APP.template;
    private static final Template TUNED = Synthesized.Tuned.APP.template;

    private static final Set<String> RULE_CALLS = Set.of(
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeLaunchConfigurations",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceMetadataDefaults",
            "config:PutEvaluations",
            "config:GetResourceConfigHistory",
            "config:GetComplianceDetailsByConfigRule");

    // The actions that accept no resource ARN, per the Service Authorization Reference.
    private static final Set<String> WITHOUT_RESOURCE_LEVEL = Set.of(
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeLaunchConfigurations",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceMetadataDefaults",
            "config:PutEvaluations",
            "config:GetResourceConfigHistory");

    @Test
    void roleAllowsExactlyWhatTheRuleCallsPlusItsLogsAndFailureQueue() {
        Set<String> expected = new TreeSet<>(RULE_CALLS);
        expected.addAll(List.of("logs:CreateLogStream", "logs:PutLogEvents", "sqs:SendMessage"));

        assertThat(allowedActions(DEFAULTS)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(allowedActions(TUNED)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void roleHasNoManagedPolicyAndNoInlinePolicy() {
        DEFAULTS.resourceCountIs("AWS::IAM::Role", 1);

        DEFAULTS.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole",
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "lambda.amazonaws.com")))),
                "ManagedPolicyArns", Match.absent(),
                "Policies", Match.absent()));
    }

    @Test
    void everyWildcardResourceBelongsToAnActionWithoutResourceLevelPermissions() {
        List<Map<String, Object>> wildcards = statements(DEFAULTS).stream()
                .filter(statement -> "*".equals(statement.get("Resource")))
                .toList();

        assertThat(wildcards).isNotEmpty();
        assertThat(wildcards).allSatisfy(statement ->
                assertThat(actions(statement)).isSubsetOf(WITHOUT_RESOURCE_LEVEL));
    }

    @Test
    void logsAreWrittenOnlyToTheFunctionsOwnLogGroup() {
        assertThat(statementFor(DEFAULTS, "logs:PutLogEvents").get("Resource"))
                .isEqualTo(getAtt("ImdsV2RuleLogs"));
    }

    @Test
    void failuresAreSentOnlyToTheFailureQueue() {
        assertThat(statementFor(DEFAULTS, "sqs:SendMessage").get("Resource"))
                .isEqualTo(getAtt("ImdsV2RuleFailedInvocations"));
    }

    @Test
    void complianceResultsAreReadOnlyForThisRule() {
        assertThat(statementFor(DEFAULTS, "config:GetComplianceDetailsByConfigRule").get("Resource"))
                .isEqualTo(getAtt("ImdsV2Rule"));
    }

    @Test
    void servingAConformancePackAlsoReadsResultsOfPackRules() {
        Object resource = statementFor(TUNED, "config:GetComplianceDetailsByConfigRule").get("Resource");

        assertThat(resource).asString()
                .contains("config-rule/aws-service-rule/config-conforms.amazonaws.com/*")
                .contains("Fn::GetAtt");
    }

    @Test
    void functionWaitsForItsRolesPolicy() {
        Map<String, Object> function = DEFAULTS.findResources("AWS::Lambda::Function").values().iterator().next();

        assertThat(function.get("DependsOn")).asString()
                .containsPattern("ImdsV2RuleExecutionRoleDefaultPolicy");
    }

    private static Set<String> allowedActions(Template template) {
        Set<String> actions = new TreeSet<>();
        for (Map<String, Object> statement : statements(template)) {
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            actions.addAll(actions(statement));
        }
        return actions;
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
        return matching.getFirst();
    }

    private static Map<String, Object> getAtt(String logicalIdPrefix) {
        return Map.of("Fn::GetAtt", List.of(logicalIdFor(logicalIdPrefix), "Arn"));
    }

    private static String logicalIdFor(String prefix) {
        Map<?, ?> resources = (Map<?, ?>) DEFAULTS.toJSON().get("Resources");

        return resources.keySet()
                .stream()
                .map(Object::toString)
                .filter(id -> id.matches(prefix + "[0-9A-F]{8}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no resource named " + prefix + " and an 8-character hash"));
    }
}
