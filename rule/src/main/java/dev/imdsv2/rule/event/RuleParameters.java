package dev.imdsv2.rule.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.decision.Parameters;
import dev.imdsv2.rule.decision.Parameters.AccountDefaults;
import dev.imdsv2.rule.decision.Parameters.EndpointDisabled;
import dev.imdsv2.rule.decision.Parameters.ExemptionTag;
import dev.imdsv2.rule.decision.Parameters.LaunchConfigurations;
import dev.imdsv2.rule.decision.Parameters.VersionToJudge;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the rule's input parameters from the JSON string Config passes as
 * {@code ruleParameters}. Values must be written exactly as documented; an
 * unknown key or value is refused with the valid ones, never guessed at.
 * An empty value means "not set", because conformance packs must pass a
 * value for every parameter they declare.
 */
public final class RuleParameters {

    static final List<String> KEYS = List.of(
            "VersionToJudge", "HttpEndpointDisabled", "AccountDefaults", "LaunchConfigurations",
            "ExemptionTag", "ReportUnchanged", "ExecutionRoleName");

    // IAM role names: 1-64 of letters, digits and +=,.@_- (paths are not accepted here).
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");

    private RuleParameters() {
    }

    /** Parses {@code ruleParameters}; null or blank means all defaults. */
    public static Parameters parse(String json, ObjectMapper mapper) {
        if (json == null || json.isBlank()) {
            return Parameters.DEFAULTS;
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (Exception e) {
            if (Json.isLimit(e)) {
                throw new MalformedEventException("event field 'ruleParameters' " + Json.whyUnreadable(e), e);
            }
            throw new MalformedEventException("event field 'ruleParameters' is not a JSON object: " + quote(json), e);
        }
        if (!root.isObject()) {
            throw new MalformedEventException("event field 'ruleParameters' is not a JSON object: " + quote(json));
        }
        return parse(root);
    }

    private static Parameters parse(JsonNode root) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new MalformedEventException("ruleParameters key '" + key + "' is not a parameter of this rule;"
                        + " valid keys are " + String.join(", ", KEYS));
            }
        }
        Parameters d = Parameters.DEFAULTS;
        return new Parameters(
                text(root, "VersionToJudge").map(v -> enumValue("VersionToJudge", v, VersionToJudge.class))
                        .orElse(d.versionToJudge()),
                text(root, "HttpEndpointDisabled").map(v -> enumValue("HttpEndpointDisabled", v,
                        EndpointDisabled.class)).orElse(d.httpEndpointDisabled()),
                text(root, "AccountDefaults").map(v -> enumValue("AccountDefaults", v, AccountDefaults.class))
                        .orElse(d.accountDefaults()),
                text(root, "LaunchConfigurations").map(v -> enumValue("LaunchConfigurations", v,
                        LaunchConfigurations.class)).orElse(d.launchConfigurations()),
                text(root, "ExemptionTag").map(RuleParameters::exemptionTag),
                text(root, "ReportUnchanged").map(v -> booleanValue("ReportUnchanged", v))
                        .orElse(d.reportUnchanged()),
                text(root, "ExecutionRoleName").map(RuleParameters::roleName));
    }

    /** A parameter's value; empty when absent or written as the empty string. */
    private static Optional<String> text(JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new MalformedEventException("ruleParameters key '" + key + "' must be a string; got " + value);
        }
        return Optional.of(value.textValue()).filter(v -> !v.isEmpty());
    }

    private static <E extends Enum<E>> E enumValue(String key, String value, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw invalid(key, value, Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }

    private static boolean booleanValue(String key, String value) {
        return switch (value) {
            case "TRUE" -> true;
            case "FALSE" -> false;
            default -> throw invalid(key, value, List.of("FALSE", "TRUE"));
        };
    }

    private static ExemptionTag exemptionTag(String value) {
        try {
            return ExemptionTag.parse(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(e.getMessage(), e);
        }
    }

    private static String roleName(String value) {
        if (!ROLE_NAME.matcher(value).matches()) {
            throw new MalformedEventException("ruleParameters key 'ExecutionRoleName' must be an IAM role name"
                    + " (1-64 characters of letters, digits and +=,.@_-, no path); got " + quote(value));
        }
        return value;
    }

    private static MalformedEventException invalid(String key, String value, List<String> valid) {
        return new MalformedEventException("ruleParameters key '" + key + "' must be one of "
                + String.join(", ", valid) + "; got " + quote(value));
    }

    static String quote(String value) {
        String shown = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return "'" + shown + "'";
    }
}
