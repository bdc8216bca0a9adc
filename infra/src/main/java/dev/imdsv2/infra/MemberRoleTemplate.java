package dev.imdsv2.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The CloudFormation template that puts the rule's role into one member
 * account: the body of the organization stack's StackSet, and
 * {@value #FILE_NAME} beside the synthesized templates for the one account a
 * service-managed StackSet never reaches, the management account.
 *
 * <p>Only the central function's execution role may assume the role, only
 * from inside the organization, and only under the session name the rule
 * uses for that account. The role may make exactly the calls in
 * {@link RuleCalls}; reading results is limited to the rules that
 * conformance packs and organization rules create.
 */
public final class MemberRoleTemplate {

    public static final String FILE_NAME = "member-role.json";
    public static final String CENTRAL_ROLE_ARN = "CentralRoleArn";
    public static final String ROLE_RESOURCE = "MemberRole";

    // The rule names its session for the account it judges (rule module,
    // aws/Accounts.java), so CloudTrail in each account shows whose session it is.
    static final String SESSION_NAME = "asg-imdsv2-rule-${AWS::AccountId}";

    // Config creates the rules of conformance packs and of organization rules
    // as service-linked rules under these names, with IDs assigned at deploy time.
    static final List<String> SERVICE_RULES = List.of(
            "arn:${AWS::Partition}:config:*:${AWS::AccountId}:config-rule/aws-service-rule/"
                    + "config-conforms.amazonaws.com/*",
            "arn:${AWS::Partition}:config:*:${AWS::AccountId}:config-rule/aws-service-rule/"
                    + "config-multiaccountsetup.amazonaws.com/*");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final OrganizationSettings settings;

    private MemberRoleTemplate(OrganizationSettings settings) {
        this.settings = settings;
    }

    public static MemberRoleTemplate of(OrganizationSettings settings) {
        return new MemberRoleTemplate(settings);
    }

    /** The template as JSON, for a StackSet's TemplateBody or {@code aws cloudformation deploy}. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(body()) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the member role template", e);
        }
    }

    /** Writes {@value #FILE_NAME} into {@code directory} and returns its path. */
    public Path writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        return Files.writeString(directory.resolve(FILE_NAME), toJson());
    }

    /** The template as nested maps, in the order a reader expects. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("AWSTemplateFormatVersion", "2010-09-09");
        body.put("Description", "The role through which the central ASG IMDSv2 Config rule function"
                + " judges this account and reports to its AWS Config");
        body.put("Parameters", Map.of(CENTRAL_ROLE_ARN, ordered(
                "Type", "String",
                "Description", "ARN of the central function's execution role: the organization stack's"
                        + " output " + OrganizationStack.CENTRAL_ROLE_ARN_OUTPUT)));
        body.put("Resources", Map.of(ROLE_RESOURCE, role()));
        body.put("Outputs", Map.of("MemberRoleArn", Map.of(
                "Value", Map.of("Fn::GetAtt", List.of(ROLE_RESOURCE, "Arn")))));
        return body;
    }

    private Map<String, Object> role() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("RoleName", settings.executionRoleName());
        properties.put("Description", "Assumed by the central ASG IMDSv2 rule function to judge this"
                + " account's Auto Scaling groups");
        properties.put("AssumeRolePolicyDocument", document(trust()));
        properties.put("Policies", List.of(ordered(
                "PolicyName", "judge-and-report",
                "PolicyDocument", document(
                        statement("ReadWhatGroupsLaunchFrom", RuleCalls.READ_WHAT_GROUPS_LAUNCH_FROM, "*"),
                        statement("ReportToConfig", RuleCalls.REPORT_TO_CONFIG, "*"),
                        statement("ReadOwnResults", List.of(RuleCalls.READ_OWN_RESULTS),
                                SERVICE_RULES.stream().map(MemberRoleTemplate::sub).toList())))));
        return ordered(
                "Type", "AWS::IAM::Role",
                "Properties", properties);
    }

    private Map<String, Object> trust() {
        Map<String, Object> equals = new LinkedHashMap<>();
        equals.put("aws:PrincipalOrgID", settings.organizationId());
        equals.put("sts:RoleSessionName", sub(SESSION_NAME));

        return ordered(
                "Sid", "CentralRuleFunction",
                "Effect", "Allow",
                "Principal", Map.of("AWS", Map.of("Ref", CENTRAL_ROLE_ARN)),
                "Action", "sts:AssumeRole",
                "Condition", Map.of("StringEquals", equals));
    }

    private static Map<String, Object> statement(String sid, List<String> actions, Object resource) {
        return ordered(
                "Sid", sid,
                "Effect", "Allow",
                "Action", actions,
                "Resource", resource);
    }

    @SafeVarargs
    private static Map<String, Object> document(Map<String, Object>... statements) {
        return ordered(
                "Version", "2012-10-17",
                "Statement", List.of(statements));
    }

    private static Map<String, Object> sub(String text) {
        return Map.of("Fn::Sub", text);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
