package dev.imdsv2.infra;

import java.util.List;

/**
 * The rule's input parameters, with the names and values the rule accepts.
 *
 * <p>The deployment passes a parameter to AWS Config only when the operator
 * chose it: the rule has its own defaults, and repeating them here would let
 * the two drift apart. Checking the values at synth time turns a typo into a
 * failed {@code cdk synth} instead of a rule that fails on every invocation.
 */
public enum RuleParameter {

    VERSION_TO_JUDGE("VersionToJudge", "REFERENCED", "LATEST", "DEFAULT"),
    HTTP_ENDPOINT_DISABLED("HttpEndpointDisabled", "NON_COMPLIANT", "COMPLIANT"),
    ACCOUNT_DEFAULTS("AccountDefaults", "IGNORE", "HONOR"),
    LAUNCH_CONFIGURATIONS("LaunchConfigurations", "NOT_APPLICABLE", "EVALUATE"),
    EXEMPTION_TAG("ExemptionTag"),
    REPORT_UNCHANGED("ReportUnchanged", "FALSE", "TRUE");

    // A tag key is at most 128 characters and its value at most 256.
    private static final int MAX_TAG_KEY = 128;
    private static final int MAX_TAG_VALUE = 256;

    private final String key;
    private final List<String> validValues;

    RuleParameter(String key, String... validValues) {
        this.key = key;
        this.validValues = List.of(validValues);
    }

    /** The name AWS Config passes to the rule, also the CDK context key. */
    public String key() {
        return key;
    }

    /** The values the rule accepts; empty for free text. */
    public List<String> validValues() {
        return validValues;
    }

    /** The value the rule uses when the parameter is absent, as SPEC.md states. */
    public String ruleDefault() {
        return isFreeText() ? "" : validValues.getFirst();
    }

    public boolean isFreeText() {
        return validValues.isEmpty();
    }

    /**
     * Returns the value if the rule would accept it.
     *
     * @throws IllegalArgumentException naming the key, the value and what was expected
     */
    public String check(String value) {
        if (isFreeText()) {
            return checkTag(value);
        }
        if (!validValues.contains(value)) {
            throw new IllegalArgumentException("context key '" + key + "' must be one of "
                    + String.join(", ", validValues) + "; got '" + value + "'");
        }
        return value;
    }

    private String checkTag(String value) {
        int equals = value.indexOf('=');
        String tagKey = equals < 0 ? value : value.substring(0, equals);
        String tagValue = equals < 0 ? "" : value.substring(equals + 1);

        if (tagKey.isBlank() || tagKey.length() > MAX_TAG_KEY || tagValue.length() > MAX_TAG_VALUE) {
            throw new IllegalArgumentException("context key '" + key
                    + "' must be a tag key (1-128 characters) or key=value (value up to 256); got '"
                    + value + "'");
        }
        return value;
    }
}
