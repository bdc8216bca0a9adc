package dev.imdsv2.infra;

import software.constructs.Node;

/**
 * Whether the stack deploys the remediation, and whether Config runs it on its
 * own, read from CDK context and checked like every other setting.
 *
 * <p>Off unless asked: the rule only reads, while the remediation may create
 * launch template versions and update every group in the region, and an
 * account should choose to hold such a role.
 *
 * @param enabled context {@value #REMEDIATION}: deploy the function, the
 *     Automation document and the remediation configuration
 * @param automatic context {@value #AUTO_REMEDIATE}: Config starts the
 *     remediation itself for each non-compliant group, instead of waiting for
 *     a person to choose "Remediate"
 */
public record RemediationSettings(boolean enabled, boolean automatic) {

    public static final String REMEDIATION = "remediation";
    public static final String AUTO_REMEDIATE = "autoRemediate";

    /**
     * @throws IllegalArgumentException when a value is not {@code true} or {@code false},
     *     or {@value #AUTO_REMEDIATE} is set without {@value #REMEDIATION}
     */
    public static RemediationSettings fromContext(Node node) {
        boolean enabled = flag(node, REMEDIATION);
        boolean automatic = flag(node, AUTO_REMEDIATE);
        if (automatic && !enabled) {
            throw new IllegalArgumentException("context key '" + AUTO_REMEDIATE + "' needs '" + REMEDIATION
                    + "=true': there is no remediation to run automatically");
        }
        return new RemediationSettings(enabled, automatic);
    }

    private static boolean flag(Node node, String key) {
        Object value = node.tryGetContext(key);
        String text = value == null ? "false" : value.toString();
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("context key '" + key + "' must be one of false, true; got '"
                    + text + "'");
        }
        return Boolean.parseBoolean(text);
    }
}
