package dev.imdsv2.infra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import software.amazon.awscdk.services.config.MaximumExecutionFrequency;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Node;

/**
 * What an operator may choose about one deployment, read from CDK context
 * ({@code -c key=value} or cdk.json) and checked before anything is built.
 *
 * <p>Every value is validated here, so a bad one stops {@code cdk synth} with
 * a message naming the key, the value and the valid values, instead of
 * surfacing later as a failed CloudFormation update or a failing rule.
 *
 * @param ruleName the Config rule's name
 * @param maximumExecutionFrequency how often the periodic sweep runs
 * @param logRetention how long the function's log lines are kept
 * @param inputParameters the rule parameters the operator chose, in
 *     {@link RuleParameter} order; absent ones are left to the rule's defaults
 * @param servesConformancePack whether the function also serves the rule that
 *     conformance-pack.yaml deploys, and so may read that rule's results too
 */
public record RuleSettings(
        String ruleName,
        MaximumExecutionFrequency maximumExecutionFrequency,
        RetentionDays logRetention,
        Map<String, String> inputParameters,
        boolean servesConformancePack) {

    public static final String RULE_NAME = "ruleName";
    public static final String MAXIMUM_EXECUTION_FREQUENCY = "maximumExecutionFrequency";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String CONFORMANCE_PACK = "conformancePack";

    static final String DEFAULT_RULE_NAME = "asg-launch-template-imdsv2";
    static final String DEFAULT_FREQUENCY = "TwentyFour_Hours";
    static final String DEFAULT_RETENTION_DAYS = "365";

    // GetComplianceDetailsByConfigRule, which the sweep calls with this name,
    // takes at most 64 characters, although PutConfigRule would take 128.
    private static final Pattern RULE_NAME_SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    // Config's own spelling, as in the console and the API.
    private static final Map<String, MaximumExecutionFrequency> FREQUENCIES = orderedMap(
            "One_Hour", MaximumExecutionFrequency.ONE_HOUR,
            "Three_Hours", MaximumExecutionFrequency.THREE_HOURS,
            "Six_Hours", MaximumExecutionFrequency.SIX_HOURS,
            "Twelve_Hours", MaximumExecutionFrequency.TWELVE_HOURS,
            "TwentyFour_Hours", MaximumExecutionFrequency.TWENTY_FOUR_HOURS);

    // The retention periods CloudWatch Logs accepts, in days.
    private static final Map<String, RetentionDays> RETENTIONS = orderedMap(
            "1", RetentionDays.ONE_DAY,
            "3", RetentionDays.THREE_DAYS,
            "5", RetentionDays.FIVE_DAYS,
            "7", RetentionDays.ONE_WEEK,
            "14", RetentionDays.TWO_WEEKS,
            "30", RetentionDays.ONE_MONTH,
            "60", RetentionDays.TWO_MONTHS,
            "90", RetentionDays.THREE_MONTHS,
            "120", RetentionDays.FOUR_MONTHS,
            "150", RetentionDays.FIVE_MONTHS,
            "180", RetentionDays.SIX_MONTHS,
            "365", RetentionDays.ONE_YEAR,
            "400", RetentionDays.THIRTEEN_MONTHS,
            "545", RetentionDays.EIGHTEEN_MONTHS,
            "731", RetentionDays.TWO_YEARS,
            "1096", RetentionDays.THREE_YEARS,
            "1827", RetentionDays.FIVE_YEARS,
            "2192", RetentionDays.SIX_YEARS,
            "2557", RetentionDays.SEVEN_YEARS,
            "2922", RetentionDays.EIGHT_YEARS,
            "3288", RetentionDays.NINE_YEARS,
            "3653", RetentionDays.TEN_YEARS);

    private static final Map<String, Boolean> SWITCH = orderedMap("false", false, "true", true);

    public RuleSettings {
        inputParameters = Collections.unmodifiableMap(new LinkedHashMap<>(inputParameters));
    }

    /**
     * Reads and checks every setting from the context visible at {@code node}.
     *
     * @throws IllegalArgumentException for the first value that is not valid
     */
    public static RuleSettings fromContext(Node node) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (RuleParameter parameter : RuleParameter.values()) {
            String value = text(node, parameter.key());
            if (value != null) {
                parameters.put(parameter.key(), parameter.check(value));
            }
        }

        return new RuleSettings(
                ruleName(orDefault(text(node, RULE_NAME), DEFAULT_RULE_NAME)),
                oneOf(FREQUENCIES, MAXIMUM_EXECUTION_FREQUENCY, orDefault(text(node, MAXIMUM_EXECUTION_FREQUENCY),
                        DEFAULT_FREQUENCY)),
                oneOf(RETENTIONS, LOG_RETENTION_DAYS, orDefault(text(node, LOG_RETENTION_DAYS),
                        DEFAULT_RETENTION_DAYS)),
                parameters,
                oneOf(SWITCH, CONFORMANCE_PACK,
                        orDefault(text(node, CONFORMANCE_PACK), "false")));
    }

    /** The frequency as Config spells it, for the conformance pack template. */
    public String maximumExecutionFrequencyName() {
        return FREQUENCIES.entrySet()
                .stream()
                .filter(entry -> entry.getValue() == maximumExecutionFrequency)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    private static String text(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null ? null : value.toString();
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String ruleName(String value) {
        if (!RULE_NAME_SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("context key '" + RULE_NAME
                    + "' must be 1-64 letters, digits, '-' or '_'; got '" + value + "'");
        }
        return value;
    }

    private static <T> T oneOf(Map<String, T> valid, String key, String value) {
        T chosen = valid.get(value);
        if (chosen == null) {
            List<String> names = List.copyOf(valid.keySet());
            throw new IllegalArgumentException("context key '" + key + "' must be one of "
                    + String.join(", ", names) + "; got '" + value + "'");
        }
        return chosen;
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> orderedMap(Object... keysAndValues) {
        Map<String, T> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (T) keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
