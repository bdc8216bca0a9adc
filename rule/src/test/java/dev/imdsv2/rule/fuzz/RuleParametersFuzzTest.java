package dev.imdsv2.rule.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imdsv2.rule.decision.Parameters;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.event.MalformedEventException;
import dev.imdsv2.rule.event.RuleParameters;
import java.nio.charset.StandardCharsets;

/**
 * Any {@code ruleParameters} string: valid parameters, each exactly as
 * SPEC.md writes it, or a MalformedEventException naming the key or value.
 * The seeds are the parameters of test-fixtures/events.
 */
class RuleParametersFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parse_whenParametersAreHostile_areValidOrRefusedWithTheKeyNamed(byte[] raw) {
        String json = new String(raw, StandardCharsets.UTF_8);
        Parameters parameters;
        try {
            parameters = RuleParameters.parse(json, Json.mapper());
        } catch (MalformedEventException e) {
            assertThat(e.getMessage()).containsAnyOf("ruleParameters", "ExemptionTag");
            return;
        }
        assertThat(parameters.versionToJudge()).isNotNull();
        assertThat(parameters.httpEndpointDisabled()).isNotNull();
        assertThat(parameters.accountDefaults()).isNotNull();
        assertThat(parameters.launchConfigurations()).isNotNull();
        parameters.exemptionTag().ifPresent(tag -> assertThat(tag.key()).isNotEmpty());
        parameters.executionRoleName().ifPresent(role -> assertThat(role).matches("[\\w+=,.@-]{1,64}"));
    }
}
