package dev.imdsv2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import software.amazon.awscdk.App;

class ConformancePackTemplateTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyRuleParameterIsAPackParameterLeftEmptyByDefault() throws IOException {
        JsonNode parameters = parse(settings(Map.of())).path("Parameters");

        for (RuleParameter parameter : RuleParameter.values()) {
            assertThat(parameters.path(parameter.key()).path("Type").asText()).isEqualTo("String");
            assertThat(parameters.path(parameter.key()).path("Default").asText()).isEmpty();
        }
        assertThat(parameters.path("VersionToJudge").path("Description").asText())
                .contains("REFERENCED, LATEST, DEFAULT");
        assertThat(parameters.path("MaximumExecutionFrequency").path("Default").asText())
                .isEqualTo("TwentyFour_Hours");
    }

    @Test
    void functionArnIsARequiredParameter() throws IOException {
        JsonNode functionArn = parse(settings(Map.of())).path("Parameters").path("RuleFunctionArn");

        assertThat(functionArn.path("Type").asText()).isEqualTo("String");
        assertThat(functionArn.has("Default")).isFalse();
    }

    @Test
    void valuesChosenInContextBecomeTheDefaults() throws IOException {
        JsonNode template = parse(settings(Synthesized.TUNED_CONTEXT));

        assertThat(template.path("Parameters").path("VersionToJudge").path("Default").asText()).isEqualTo("LATEST");
        assertThat(template.path("Parameters").path("ExemptionTag").path("Default").asText())
                .isEqualTo("imdsv2-exempt=true");
        assertThat(template.path("Parameters").path("MaximumExecutionFrequency").path("Default").asText())
                .isEqualTo("Six_Hours");
        assertThat(rule(template).path("ConfigRuleName").asText()).isEqualTo("imdsv2-tuned");
    }

    @Test
    void anEmptyParameterIsLeftOutOfTheRulesInput() throws IOException {
        JsonNode template = parse(settings(Map.of()));
        JsonNode input = rule(template).path("InputParameters").path("AccountDefaults").path("Fn::If");
        JsonNode condition = template.path("Conditions").path("HasAccountDefaults").path("Fn::Not").path(0);

        assertThat(input.path(0).asText()).isEqualTo("HasAccountDefaults");
        assertThat(input.path(1).path("Ref").asText()).isEqualTo("AccountDefaults");
        assertThat(input.path(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
        assertThat(condition.path("Fn::Equals").path(0).asText()).isEmpty();
        assertThat(condition.path("Fn::Equals").path(1).path("Ref").asText()).isEqualTo("AccountDefaults");
    }

    @Test
    void packRuleIsTheStacksRuleServedByTheGivenFunction() throws IOException {
        JsonNode packRule = rule(parse(settings(Map.of())));
        JsonNode stackRule = YAML.valueToTree(Synthesized.Defaults.APP.template
                .findResources("AWS::Config::ConfigRule")
                .values()
                .iterator()
                .next()
                .get("Properties"));

        assertThat(packRule.path("Source").path("Owner").asText()).isEqualTo("CUSTOM_LAMBDA");
        assertThat(packRule.path("Source").path("SourceIdentifier").path("Ref").asText()).isEqualTo("RuleFunctionArn");
        assertThat(messageTypes(packRule)).isEqualTo(messageTypes(stackRule));
        assertThat(packRule.path("Scope")).isEqualTo(stackRule.path("Scope"));
        assertThat(packRule.path("Description")).isEqualTo(stackRule.path("Description"));
        assertThat(packRule.path("Source").path("SourceDetails").path(2).path("MaximumExecutionFrequency")
                .path("Ref").asText()).isEqualTo("MaximumExecutionFrequency");
    }

    @Test
    void writesConformancePackYamlIntoTheGivenDirectory(@TempDir Path directory) throws IOException {
        Path written = ConformancePackTemplate.of(settings(Map.of())).writeTo(directory);

        assertThat(written).isEqualTo(directory.resolve("conformance-pack.yaml"));
        assertThat(Files.readString(written)).startsWith("# AWS Config conformance pack");
        assertThat(YAML.readTree(written.toFile()).path("Resources").has("AsgLaunchTemplateImdsV2")).isTrue();
    }

    @Test
    void synthesisWritesThePackBesideTheTemplates() throws IOException {
        Path outdir = Synthesized.Tuned.APP.outdir;

        assertThat(outdir.resolve("AsgImdsV2Rule.template.json")).isRegularFile();
        assertThat(Files.readString(outdir.resolve("conformance-pack.yaml")))
                .isEqualTo(ConformancePackTemplate.of(settings(Synthesized.TUNED_CONTEXT)).toYaml());
    }

    private static RuleSettings settings(Map<String, Object> context) {
        return RuleSettings.fromContext(App.Builder.create()
                .context(context)
                .build()
                .getNode());
    }

    private static JsonNode parse(RuleSettings settings) throws IOException {
        return YAML.readTree(ConformancePackTemplate.of(settings).toYaml());
    }

    private static JsonNode rule(JsonNode template) {
        JsonNode resource = template.path("Resources").path("AsgLaunchTemplateImdsV2");
        assertThat(resource.path("Type").asText()).isEqualTo("AWS::Config::ConfigRule");
        return resource.path("Properties");
    }

    private static List<String> messageTypes(JsonNode rule) {
        List<String> types = new ArrayList<>();
        rule.path("Source").path("SourceDetails").forEach(detail -> types.add(detail.path("MessageType").asText()));
        return types;
    }
}
