package dev.imdsv2.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import software.amazon.awscdk.App;
import software.amazon.awscdk.services.config.MaximumExecutionFrequency;
import software.amazon.awscdk.services.logs.RetentionDays;

class RuleSettingsTest {

    @Test
    void emptyContextGivesTheDocumentedDefaults() {
        RuleSettings settings = RuleSettings.fromContext(app(Map.of()).getNode());

        assertThat(settings.ruleName()).isEqualTo("asg-launch-template-imdsv2");
        assertThat(settings.maximumExecutionFrequency()).isEqualTo(MaximumExecutionFrequency.TWENTY_FOUR_HOURS);
        assertThat(settings.logRetention()).isEqualTo(RetentionDays.ONE_YEAR);
        assertThat(settings.inputParameters()).isEmpty();
        assertThat(settings.servesConformancePack()).isFalse();
    }

    @Test
    void everyContextKeyIsRead() {
        RuleSettings settings = RuleSettings.fromContext(app(Synthesized.TUNED_CONTEXT).getNode());

        assertThat(settings.ruleName()).isEqualTo("imdsv2-tuned");
        assertThat(settings.maximumExecutionFrequency()).isEqualTo(MaximumExecutionFrequency.SIX_HOURS);
        assertThat(settings.maximumExecutionFrequencyName()).isEqualTo("Six_Hours");
        assertThat(settings.logRetention()).isEqualTo(RetentionDays.THREE_MONTHS);
        assertThat(settings.servesConformancePack()).isTrue();
        assertThat(settings.inputParameters()).containsExactly(
                Map.entry("VersionToJudge", "LATEST"),
                Map.entry("HttpEndpointDisabled", "COMPLIANT"),
                Map.entry("AccountDefaults", "HONOR"),
                Map.entry("LaunchConfigurations", "EVALUATE"),
                Map.entry("ExemptionTag", "imdsv2-exempt=true"),
                Map.entry("ReportUnchanged", "TRUE"));
    }

    @Test
    void contextValuesFromCdkJsonMayBeJsonTypes() {
        RuleSettings settings = RuleSettings.fromContext(app(Map.of(
                "logRetentionDays", 30,
                "conformancePack", true)).getNode());

        assertThat(settings.logRetention()).isEqualTo(RetentionDays.ONE_MONTH);
        assertThat(settings.servesConformancePack()).isTrue();
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @CsvSource(delimiter = '|', value = {
        "VersionToJudge|latest |REFERENCED, LATEST, DEFAULT",
        "HttpEndpointDisabled|DISABLED|NON_COMPLIANT, COMPLIANT",
        "AccountDefaults|honor|IGNORE, HONOR",
        "LaunchConfigurations|SKIP|NOT_APPLICABLE, EVALUATE",
        "ReportUnchanged|yes|FALSE, TRUE",
        "ExemptionTag|=team|tag key",
        "maximumExecutionFrequency|Daily|One_Hour, Three_Hours, Six_Hours, Twelve_Hours, TwentyFour_Hours",
        "logRetentionDays|366|365",
        "conformancePack|on|false, true",
        "ruleName|my rule|1-64 letters",
    })
    void badContextValueFailsSynthNamingKeyValueAndValidValues(String key, String value, String expected) {
        App app = app(Map.of(key, value));

        assertThatThrownBy(() -> RuleApp.compose(app))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining("got '" + value + "'")
                .hasMessageContaining(expected);
    }

    @Test
    void missingRuleJarFailsNamingThePathAndTheFix() {
        App app = app(Map.of(RuleJar.CONTEXT_KEY, "/nowhere/rule.jar"));

        assertThatThrownBy(() -> RuleApp.compose(app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nowhere/rule.jar")
                .hasMessageContaining("run mvn package first");
    }

    @Test
    void ruleJarIsFoundFromTheModuleDirectoryToo() {
        assertThat(RuleJar.locate(app(Map.of()).getNode()))
                .isAbsolute()
                .endsWith(java.nio.file.Path.of("rule", "target", "rule.jar"))
                .isRegularFile();
    }

    private static App app(Map<String, Object> context) {
        return App.Builder.create()
                .context(context)
                .build();
    }
}
