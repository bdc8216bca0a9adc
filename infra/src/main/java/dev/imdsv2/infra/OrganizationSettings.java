package dev.imdsv2.infra;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import software.constructs.Node;

/**
 * What an operator chooses about the organization-wide deployment, read from
 * CDK context and checked before anything is built, as {@link RuleSettings}
 * does for the rule itself.
 *
 * @param organizationId the organization whose accounts may be judged; the
 *     central role assumes member roles only inside it
 * @param targetOus the OUs (or the root) whose accounts get the member role
 * @param memberRoleRegion the one region the member role's StackSet deploys
 *     to, or null for the stack's own region; IAM is global, so a second
 *     region would try to create the same role twice
 * @param executionRoleName the member role's name, also the rule's
 *     {@code ExecutionRoleName} parameter
 * @param delivery how the rule reaches every account
 * @param excludedAccounts accounts that get neither the rule nor the role
 * @param invokingAccounts when not empty, the only accounts whose AWS Config
 *     may invoke the function; empty lets Config in any account invoke it
 * @param callAs whether the stack is deployed by the management account
 *     ({@code SELF}) or by a delegated administrator
 */
public record OrganizationSettings(
        String organizationId,
        List<String> targetOus,
        String memberRoleRegion,
        String executionRoleName,
        Delivery delivery,
        List<String> excludedAccounts,
        List<String> invokingAccounts,
        String callAs) {

    public static final String DEPLOYMENT = "deployment";
    public static final String ORGANIZATION_ID = "organizationId";
    public static final String TARGET_OUS = "targetOus";
    public static final String MEMBER_ROLE_REGION = "memberRoleRegion";
    public static final String EXECUTION_ROLE_NAME = "ExecutionRoleName";
    public static final String ORGANIZATION_RULE = "organizationRule";
    public static final String EXCLUDED_ACCOUNTS = "excludedAccounts";
    public static final String INVOKING_ACCOUNTS = "invokingAccounts";
    public static final String CALL_AS = "callAs";

    static final String DEFAULT_EXECUTION_ROLE_NAME = "asg-imdsv2-rule-member";

    /** How the rule is put into every account. */
    public enum Delivery {
        /** An organization conformance pack holding the rule. */
        CONFORMANCE_PACK,
        /** An organization Config rule. */
        CONFIG_RULE
    }

    private static final Map<String, Boolean> DEPLOYMENTS = Map.of("account", false, "organization", true);
    private static final Map<String, Delivery> DELIVERIES = Map.of(
            "conformance-pack", Delivery.CONFORMANCE_PACK,
            "config-rule", Delivery.CONFIG_RULE);
    private static final List<String> CALLERS = List.of("DELEGATED_ADMIN", "SELF");

    private static final Pattern ORGANIZATION_ID_SHAPE = Pattern.compile("o-[a-z0-9]{10,32}");
    // An OU id, or the root's id: StackSets deploys to both.
    private static final Pattern OU_SHAPE = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32}");
    private static final Pattern ACCOUNT_SHAPE = Pattern.compile("\\d{12}");
    private static final Pattern REGION_SHAPE = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    // IAM's own rule for role names.
    private static final Pattern ROLE_NAME_SHAPE = Pattern.compile("[\\w+=,.@-]{1,64}");

    public OrganizationSettings {
        targetOus = List.copyOf(targetOus);
        excludedAccounts = List.copyOf(excludedAccounts);
        invokingAccounts = List.copyOf(invokingAccounts);
    }

    /**
     * Whether context asks for the organization deployment
     * ({@code -c deployment=organization}) rather than one account's stack.
     *
     * @throws IllegalArgumentException when {@value #DEPLOYMENT} is neither value
     */
    public static boolean isRequested(Node node) {
        String value = text(node, DEPLOYMENT);
        return value != null && oneOf(DEPLOYMENTS, List.of("account", "organization"), DEPLOYMENT, value);
    }

    /**
     * Reads and checks every organization setting from the context visible at {@code node}.
     *
     * @throws IllegalArgumentException for the first value that is missing or not valid
     */
    public static OrganizationSettings fromContext(Node node) {
        String organizationId = required(node, ORGANIZATION_ID,
                "the organization's id, o- and 10-32 lowercase letters or digits");
        if (!ORGANIZATION_ID_SHAPE.matcher(organizationId).matches()) {
            throw invalid(ORGANIZATION_ID, "an organization id, o- and 10-32 lowercase letters or digits",
                    organizationId);
        }

        List<String> targetOus = list(required(node, TARGET_OUS,
                "comma-separated OU ids (ou-...) or the root id (r-...)"));
        String ouExpected = "comma-separated OU ids (ou-xxxx-xxxxxxxx) or the root id (r-xxxx)";
        if (targetOus.isEmpty()) {
            throw invalid(TARGET_OUS, ouExpected, text(node, TARGET_OUS));
        }
        targetOus.forEach(ou -> check(OU_SHAPE, TARGET_OUS, ouExpected, ou));

        String region = text(node, MEMBER_ROLE_REGION);
        if (region != null) {
            check(REGION_SHAPE, MEMBER_ROLE_REGION, "one region name such as eu-west-1", region);
        }

        String roleName = orDefault(text(node, EXECUTION_ROLE_NAME), DEFAULT_EXECUTION_ROLE_NAME);
        check(ROLE_NAME_SHAPE, EXECUTION_ROLE_NAME,
                "an IAM role name: 1-64 letters, digits or +=,.@_-", roleName);

        Delivery delivery = oneOf(DELIVERIES, List.of("conformance-pack", "config-rule"), ORGANIZATION_RULE,
                orDefault(text(node, ORGANIZATION_RULE), "conformance-pack"));

        String callAs = orDefault(text(node, CALL_AS), "DELEGATED_ADMIN");
        if (!CALLERS.contains(callAs)) {
            throw invalid(CALL_AS, "one of " + String.join(", ", CALLERS), callAs);
        }

        return new OrganizationSettings(
                organizationId,
                targetOus,
                region,
                roleName,
                delivery,
                accounts(node, EXCLUDED_ACCOUNTS),
                accounts(node, INVOKING_ACCOUNTS),
                callAs);
    }

    private static List<String> accounts(Node node, String key) {
        String value = text(node, key);
        if (value == null) {
            return List.of();
        }
        List<String> accounts = list(value);
        accounts.forEach(account -> check(ACCOUNT_SHAPE, key, "comma-separated 12-digit account ids", account));
        return accounts;
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(item -> !item.isEmpty())
                .forEach(items::add);
        return items;
    }

    private static String required(Node node, String key, String expected) {
        String value = text(node, key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("context key '" + key + "' is required with "
                    + DEPLOYMENT + "=organization: " + expected + "; got nothing");
        }
        return value;
    }

    private static void check(Pattern shape, String key, String expected, String value) {
        if (!shape.matcher(value).matches()) {
            throw invalid(key, expected, value);
        }
    }

    private static <T> T oneOf(Map<String, T> valid, List<String> names, String key, String value) {
        T chosen = valid.get(value);
        if (chosen == null) {
            throw invalid(key, "one of " + String.join(", ", names), value);
        }
        return chosen;
    }

    private static IllegalArgumentException invalid(String key, String expected, String value) {
        return new IllegalArgumentException("context key '" + key + "' must be " + expected
                + "; got '" + value + "'");
    }

    private static String text(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null ? null : value.toString();
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
