package dev.imdsv2.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The same rule as a conformance pack template, for accounts that manage
 * their Config rules as packs ({@code aws configservice put-conformance-pack}).
 *
 * <p>The pack does not create the function: it points at the alias the
 * stack deployed, passed as the pack parameter {@value #FUNCTION_ARN}
 * (the stack's output of the same name). Each rule parameter becomes a pack
 * parameter whose default is the value chosen in CDK context, or empty;
 * an empty one is left out of the rule's input, so the rule's own default
 * applies, exactly as in the stack.
 *
 * <p>{@link #forOrganization} adds the parameter {@value #EXECUTION_ROLE_NAME},
 * always passed to the rule: the organization conformance pack's rule runs in
 * every member account and the central function judges it through that role.
 */
public final class ConformancePackTemplate {

    public static final String FILE_NAME = "conformance-pack.yaml";
    public static final String FUNCTION_ARN = "RuleFunctionArn";
    public static final String FREQUENCY = "MaximumExecutionFrequency";
    public static final String RULE_RESOURCE = "AsgLaunchTemplateImdsV2";
    public static final String EXECUTION_ROLE_NAME = "ExecutionRoleName";

    private static final String HEADER = """
            # AWS Config conformance pack: the ASG IMDSv2 rule, served by the function
            # that the AsgImdsV2Rule stack deployed. Written by that CDK app at synth
            # time; deploy with aws configservice put-conformance-pack (infra/README-deploy.md).
            """;

    private static final List<String> CHANGE_MESSAGES = List.of(
            "ConfigurationItemChangeNotification",
            "OversizedConfigurationItemChangeNotification");

    private final RuleSettings settings;
    // null for the single-account pack, which judges with the function's own role
    private final String executionRoleName;

    private ConformancePackTemplate(RuleSettings settings, String executionRoleName) {
        this.settings = settings;
        this.executionRoleName = executionRoleName;
    }

    public static ConformancePackTemplate of(RuleSettings settings) {
        return new ConformancePackTemplate(settings, null);
    }

    /** The pack an organization deploys: its rule assumes {@code executionRoleName} in each account. */
    public static ConformancePackTemplate forOrganization(RuleSettings settings, String executionRoleName) {
        return new ConformancePackTemplate(settings, executionRoleName);
    }

    /** The template as YAML, ready for {@code --template-body file://...}. */
    public String toYaml() {
        YAMLMapper mapper = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                .build();
        try {
            return HEADER + mapper.writeValueAsString(body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the conformance pack template", e);
        }
    }

    /** Writes {@value #FILE_NAME} into {@code directory} and returns its path. */
    public Path writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        return Files.writeString(directory.resolve(FILE_NAME), toYaml());
    }

    /** The template as nested maps, in the order a reader expects. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Parameters", parameters());
        body.put("Conditions", conditions());
        body.put("Resources", Map.of(RULE_RESOURCE, configRule()));
        return body;
    }

    private Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(FUNCTION_ARN, ordered(
                "Type", "String",
                "Description", "ARN of the rule function's alias: the stack output " + RuleStack.FUNCTION_ARN_OUTPUT));
        for (RuleParameter parameter : RuleParameter.values()) {
            parameters.put(parameter.key(), ordered(
                    "Type", "String",
                    "Default", settings.inputParameters().getOrDefault(parameter.key(), ""),
                    "Description", describe(parameter)));
        }
        parameters.put(FREQUENCY, ordered(
                "Type", "String",
                "Default", settings.maximumExecutionFrequencyName(),
                "Description", "How often the rule sweeps every group"));
        if (executionRoleName != null) {
            parameters.put(EXECUTION_ROLE_NAME, ordered(
                    "Type", "String",
                    "Default", executionRoleName,
                    "Description", "The role the central function assumes in each account"));
        }
        return parameters;
    }

    private static String describe(RuleParameter parameter) {
        String values = parameter.isFreeText()
                ? "a tag key, or key=value"
                : String.join(", ", parameter.validValues());
        return values + "; empty leaves the rule's default"
                + (parameter.isFreeText() ? " (no exemption)" : " (" + parameter.ruleDefault() + ")");
    }

    private static Map<String, Object> conditions() {
        Map<String, Object> conditions = new LinkedHashMap<>();
        for (RuleParameter parameter : RuleParameter.values()) {
            conditions.put(conditionName(parameter), Map.of("Fn::Not", List.of(
                    Map.of("Fn::Equals", List.of("", ref(parameter.key()))))));
        }
        return conditions;
    }

    private Map<String, Object> configRule() {
        Map<String, Object> inputParameters = new LinkedHashMap<>();
        for (RuleParameter parameter : RuleParameter.values()) {
            inputParameters.put(parameter.key(), Map.of("Fn::If", List.of(
                    conditionName(parameter),
                    ref(parameter.key()),
                    ref("AWS::NoValue"))));
        }
        if (executionRoleName != null) {
            inputParameters.put(EXECUTION_ROLE_NAME, ref(EXECUTION_ROLE_NAME));
        }

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ConfigRuleName", settings.ruleName());
        properties.put("Description", ImdsV2Rule.DESCRIPTION);
        properties.put("Scope", Map.of("ComplianceResourceTypes", ImdsV2Rule.SCOPE));
        properties.put("InputParameters", inputParameters);
        properties.put("Source", ordered(
                "Owner", "CUSTOM_LAMBDA",
                "SourceIdentifier", ref(FUNCTION_ARN),
                "SourceDetails", sourceDetails()));

        return ordered(
                "Type", "AWS::Config::ConfigRule",
                "Properties", properties);
    }

    private static List<Map<String, Object>> sourceDetails() {
        List<Map<String, Object>> details = new ArrayList<>();
        for (String message : CHANGE_MESSAGES) {
            details.add(ordered(
                    "EventSource", "aws.config",
                    "MessageType", message));
        }
        details.add(ordered(
                "EventSource", "aws.config",
                "MessageType", "ScheduledNotification",
                "MaximumExecutionFrequency", ref(FREQUENCY)));
        return details;
    }

    private static String conditionName(RuleParameter parameter) {
        return "Has" + parameter.key();
    }

    private static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
