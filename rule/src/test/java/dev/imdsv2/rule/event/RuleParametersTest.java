package dev.imdsv2.rule.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imdsv2.rule.decision.Parameters;
import dev.imdsv2.rule.decision.Parameters.AccountDefaults;
import dev.imdsv2.rule.decision.Parameters.EndpointDisabled;
import dev.imdsv2.rule.decision.Parameters.ExemptionTag;
import dev.imdsv2.rule.decision.Parameters.LaunchConfigurations;
import dev.imdsv2.rule.decision.Parameters.VersionToJudge;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule's input parameters, as Config passes them: a JSON object inside a string. */
class RuleParametersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String VALID_KEYS = "VersionToJudge, HttpEndpointDisabled, AccountDefaults,"
            + " LaunchConfigurations, ExemptionTag, ReportUnchanged, ExecutionRoleName";

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "{}"})
    void parse_whenNothingIsSet_givesTheDefaults(String json) {
        Parameters parameters = RuleParameters.parse(json, MAPPER);

        assertThat(parameters).isEqualTo(Parameters.DEFAULTS);
    }

    @Test
    void defaults_areThoseOfTheSpec() {
        Parameters defaults = Parameters.DEFAULTS;

        assertThat(defaults.versionToJudge()).isEqualTo(VersionToJudge.REFERENCED);
        assertThat(defaults.httpEndpointDisabled()).isEqualTo(EndpointDisabled.NON_COMPLIANT);
        assertThat(defaults.accountDefaults()).isEqualTo(AccountDefaults.IGNORE);
        assertThat(defaults.launchConfigurations()).isEqualTo(LaunchConfigurations.NOT_APPLICABLE);
        assertThat(defaults.exemptionTag()).isEmpty();
        assertThat(defaults.reportUnchanged()).isFalse();
        assertThat(defaults.executionRoleName()).isEmpty();
    }

    static Stream<Arguments> everyValue() {
        return Stream.of(
                setting("VersionToJudge", "REFERENCED", Parameters::versionToJudge, VersionToJudge.REFERENCED),
                setting("VersionToJudge", "LATEST", Parameters::versionToJudge, VersionToJudge.LATEST),
                setting("VersionToJudge", "DEFAULT", Parameters::versionToJudge, VersionToJudge.DEFAULT),
                setting("HttpEndpointDisabled", "NON_COMPLIANT", Parameters::httpEndpointDisabled,
                        EndpointDisabled.NON_COMPLIANT),
                setting("HttpEndpointDisabled", "COMPLIANT", Parameters::httpEndpointDisabled,
                        EndpointDisabled.COMPLIANT),
                setting("AccountDefaults", "IGNORE", Parameters::accountDefaults, AccountDefaults.IGNORE),
                setting("AccountDefaults", "HONOR", Parameters::accountDefaults, AccountDefaults.HONOR),
                setting("LaunchConfigurations", "NOT_APPLICABLE", Parameters::launchConfigurations,
                        LaunchConfigurations.NOT_APPLICABLE),
                setting("LaunchConfigurations", "EVALUATE", Parameters::launchConfigurations,
                        LaunchConfigurations.EVALUATE),
                setting("ExemptionTag", "imdsv2-exempt", Parameters::exemptionTag,
                        Optional.of(new ExemptionTag("imdsv2-exempt", Optional.empty()))),
                setting("ExemptionTag", "imdsv2-exempt=true", Parameters::exemptionTag,
                        Optional.of(new ExemptionTag("imdsv2-exempt", Optional.of("true")))),
                setting("ExemptionTag", "owner=a=b", Parameters::exemptionTag,
                        Optional.of(new ExemptionTag("owner", Optional.of("a=b")))),
                setting("ExemptionTag", "imdsv2-exempt=", Parameters::exemptionTag,
                        Optional.of(new ExemptionTag("imdsv2-exempt", Optional.of("")))),
                setting("ReportUnchanged", "FALSE", Parameters::reportUnchanged, false),
                setting("ReportUnchanged", "TRUE", Parameters::reportUnchanged, true),
                setting("ExecutionRoleName", "ConfigRuleImdsV2Reader", Parameters::executionRoleName,
                        Optional.of("ConfigRuleImdsV2Reader")),
                setting("ExecutionRoleName", "a+b=c,d.e@f_g-h", Parameters::executionRoleName,
                        Optional.of("a+b=c,d.e@f_g-h")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("everyValue")
    void parse_whenValueIsValid_setsThatParameterOnly(
            String key, String value, Function<Parameters, Object> read, Object expected) {
        String json = object(key, value);

        Parameters parameters = RuleParameters.parse(json, MAPPER);

        assertThat(read.apply(parameters)).isEqualTo(expected);
        assertThat(parameters).usingRecursiveComparison()
                .ignoringFields(field(key))
                .isEqualTo(Parameters.DEFAULTS);
    }

    @Test
    void parse_whenEverythingIsSet_readsEveryParameter() {
        String json = """
                {"VersionToJudge":"LATEST","HttpEndpointDisabled":"COMPLIANT","AccountDefaults":"HONOR",\
                "LaunchConfigurations":"EVALUATE","ExemptionTag":"imdsv2-exempt=true","ReportUnchanged":"TRUE",\
                "ExecutionRoleName":"ConfigRuleImdsV2Reader"}""";

        Parameters parameters = RuleParameters.parse(json, MAPPER);

        assertThat(parameters).isEqualTo(new Parameters(
                VersionToJudge.LATEST,
                EndpointDisabled.COMPLIANT,
                AccountDefaults.HONOR,
                LaunchConfigurations.EVALUATE,
                Optional.of(new ExemptionTag("imdsv2-exempt", Optional.of("true"))),
                true,
                Optional.of("ConfigRuleImdsV2Reader")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"VersionToJudge", "HttpEndpointDisabled", "AccountDefaults", "LaunchConfigurations",
            "ExemptionTag", "ReportUnchanged", "ExecutionRoleName"})
    void parse_whenValueIsEmptyString_leavesParameterUnset(String key) {
        String json = object(key, "");

        Parameters parameters = RuleParameters.parse(json, MAPPER);

        assertThat(parameters).isEqualTo(Parameters.DEFAULTS);
    }

    @Test
    void parse_whenValueIsJsonNull_leavesParameterUnset() {
        Parameters parameters = RuleParameters.parse("{\"VersionToJudge\":null}", MAPPER);

        assertThat(parameters).isEqualTo(Parameters.DEFAULTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"versionToJudge", "VersionToJudge ", "ExemptionTags", "MaxResults"})
    void parse_whenKeyIsUnknown_isRefusedNamingItAndListingValidKeys(String key) {
        String json = object(key, "LATEST");

        assertThatThrownBy(() -> RuleParameters.parse(json, MAPPER))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("ruleParameters key '" + key + "' is not a parameter of this rule;"
                        + " valid keys are " + VALID_KEYS);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("VersionToJudge", "latest ", "REFERENCED, LATEST, DEFAULT"),
                Arguments.of("VersionToJudge", "latest", "REFERENCED, LATEST, DEFAULT"),
                Arguments.of("VersionToJudge", "$Latest", "REFERENCED, LATEST, DEFAULT"),
                Arguments.of("HttpEndpointDisabled", "true", "NON_COMPLIANT, COMPLIANT"),
                Arguments.of("HttpEndpointDisabled", "NONCOMPLIANT", "NON_COMPLIANT, COMPLIANT"),
                Arguments.of("AccountDefaults", "HONOUR", "IGNORE, HONOR"),
                Arguments.of("LaunchConfigurations", "NOT APPLICABLE", "NOT_APPLICABLE, EVALUATE"),
                Arguments.of("ReportUnchanged", "true", "FALSE, TRUE"),
                Arguments.of("ReportUnchanged", "yes", "FALSE, TRUE"));
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @MethodSource("badValues")
    void parse_whenValueIsNotOneOfTheValidOnes_isRefusedNamingKeyValidValuesAndValue(
            String key, String value, String valid) {
        String json = object(key, value);

        assertThatThrownBy(() -> RuleParameters.parse(json, MAPPER))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("ruleParameters key '" + key + "' must be one of " + valid + "; got '" + value + "'");
    }

    @Test
    void parse_whenVersionToJudgeHasTrailingSpace_givesTheDocumentedMessage() {
        assertThatThrownBy(() -> RuleParameters.parse("{\"VersionToJudge\":\"latest \"}", MAPPER))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("ruleParameters key 'VersionToJudge' must be one of REFERENCED, LATEST, DEFAULT;"
                        + " got 'latest '");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "1", "[\"LATEST\"]", "{\"value\":\"LATEST\"}"})
    void parse_whenValueIsNotAString_isRefusedNamingKeyAndValue(String value) {
        String json = "{\"ReportUnchanged\":" + value + "}";

        assertThatThrownBy(() -> RuleParameters.parse(json, MAPPER))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("ruleParameters key 'ReportUnchanged' must be a string; got " + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VersionToJudge=LATEST", "{\"VersionToJudge\":\"LATEST\"", "{'VersionToJudge':1}"})
    void parse_whenNotJson_isRefusedNamingTheFieldAndValue(String json) {
        assertThatThrownBy(() -> RuleParameters.parse(json, MAPPER))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("event field 'ruleParameters' is not a JSON object: '" + json + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"LATEST\"", "42", "null"})
    void parse_whenJsonButNotAnObject_isRefusedNamingTheFieldAndValue(String json) {
        assertThatThrownBy(() -> RuleParameters.parse(json, MAPPER))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("event field 'ruleParameters' is not a JSON object: '" + json + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=x", "="})
    void parse_whenExemptionTagHasNoKey_isRefused(String value) {
        String json = object("ExemptionTag", value);

        assertThatThrownBy(() -> RuleParameters.parse(json, MAPPER))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("ruleParameters key 'ExemptionTag' must be 'key' or 'key=value' with a non-empty key;"
                        + " got '" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"service-role/ConfigRuleImdsV2Reader", "/ConfigRuleImdsV2Reader",
            "arn:aws:iam::123456789012:role/ConfigRuleImdsV2Reader", "Config Rule", "role*"})
    void parse_whenExecutionRoleNameIsNotARoleName_isRefused(String value) {
        String json = object("ExecutionRoleName", value);

        assertThatThrownBy(() -> RuleParameters.parse(json, MAPPER))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("ruleParameters key 'ExecutionRoleName' must be an IAM role name"
                        + " (1-64 characters of letters, digits and +=,.@_-, no path); got '" + value + "'");
    }

    @Test
    void parse_whenExecutionRoleNameIsLongerThanIamAllows_isRefused() {
        String json = object("ExecutionRoleName", "r".repeat(65));

        assertThatThrownBy(() -> RuleParameters.parse(json, MAPPER))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("'ExecutionRoleName'")
                .hasMessageEndingWith("got '" + "r".repeat(65) + "'");
    }

    @Test
    void parse_whenExecutionRoleNameIsSixtyFourCharacters_acceptsIt() {
        String json = object("ExecutionRoleName", "r".repeat(64));

        Parameters parameters = RuleParameters.parse(json, MAPPER);

        assertThat(parameters.executionRoleName()).contains("r".repeat(64));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static Arguments setting(String key, String value, Function<Parameters, Object> read, Object expected) {
        return Arguments.of(key, value, read, expected);
    }

    private static String object(String key, String value) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put(key, value);
        return node.toString();
    }

    /** The record component a parameter key sets. */
    private static String field(String key) {
        return Character.toLowerCase(key.charAt(0)) + key.substring(1);
    }
}
