package dev.imdsv2.rule.decision;

import java.util.Optional;

/**
 * The rule's input parameters, already validated. Defaults are those of
 * SPEC.md: judge what the group references, treat a disabled endpoint as
 * non-compliant, ignore account defaults, leave launch configurations alone,
 * exempt nothing, report only what changed.
 */
public record Parameters(
        VersionToJudge versionToJudge,
        EndpointDisabled httpEndpointDisabled,
        AccountDefaults accountDefaults,
        LaunchConfigurations launchConfigurations,
        Optional<ExemptionTag> exemptionTag,
        boolean reportUnchanged,
        Optional<String> executionRoleName) {

    public static final Parameters DEFAULTS = new Parameters(
            VersionToJudge.REFERENCED,
            EndpointDisabled.NON_COMPLIANT,
            AccountDefaults.IGNORE,
            LaunchConfigurations.NOT_APPLICABLE,
            Optional.empty(),
            false,
            Optional.empty());

    /** Which version of a referenced template is judged. */
    public enum VersionToJudge {
        /** The version the group launches from. */
        REFERENCED,
        /** Always the template's latest version (Cloudaware's policy). */
        LATEST,
        /** Always the template's default version (the AWS managed rule). */
        DEFAULT;

        /** The version judged for a reference under this mode. */
        public VersionSpec select(VersionSpec referenced) {
            return switch (this) {
                case REFERENCED -> referenced;
                case LATEST -> VersionSpec.LATEST;
                case DEFAULT -> VersionSpec.DEFAULT;
            };
        }
    }

    /** The verdict for a version whose metadata endpoint is disabled. */
    public enum EndpointDisabled { NON_COMPLIANT, COMPLIANT }

    /** Whether an unset {@code HttpTokens} takes the region's account-level default. */
    public enum AccountDefaults { IGNORE, HONOR }

    /** Whether groups on launch configurations are judged. */
    public enum LaunchConfigurations { NOT_APPLICABLE, EVALUATE }

    /** The reference a group is judged at, under these parameters. */
    public LaunchTemplateRef judged(LaunchTemplateRef ref) {
        return ref.withVersion(versionToJudge.select(ref.version()));
    }

    /**
     * A tag that exempts a group: any value when {@code value} is empty,
     * otherwise exactly that value.
     */
    public record ExemptionTag(String key, Optional<String> value) {

        /** Reads {@code key} or {@code key=value}, split at the first '='. */
        public static ExemptionTag parse(String raw) {
            int eq = raw.indexOf('=');
            String key = eq < 0 ? raw : raw.substring(0, eq);
            if (key.isEmpty()) {
                throw new IllegalArgumentException(
                        "ruleParameters key 'ExemptionTag' must be 'key' or 'key=value' with a non-empty key; got '"
                                + raw + "'");
            }
            return new ExemptionTag(key, eq < 0 ? Optional.empty() : Optional.of(raw.substring(eq + 1)));
        }

        /** True when the group's tags carry this exemption. */
        public boolean exempts(java.util.Map<String, String> tags) {
            String actual = tags.get(key);
            return actual != null && value.map(actual::equals).orElse(true);
        }

        @Override
        public String toString() {
            return value.map(v -> key + "=" + v).orElse(key);
        }
    }
}
