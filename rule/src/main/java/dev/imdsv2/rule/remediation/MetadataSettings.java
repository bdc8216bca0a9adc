package dev.imdsv2.rule.remediation;

import java.util.ArrayList;
import java.util.List;

/**
 * A launch template version's whole {@code MetadataOptions}, as written;
 * {@code null} means unset. Unlike the rule's two-field
 * {@link dev.imdsv2.rule.decision.MetadataOptions}, this keeps every setting,
 * because {@code CreateLaunchTemplateVersion} replaces the source version's
 * {@code MetadataOptions} as a whole: a new version that names only
 * {@code HttpTokens} loses the hop limit and the instance-tags setting.
 */
public record MetadataSettings(
        String httpTokens,
        String httpEndpoint,
        Integer httpPutResponseHopLimit,
        String httpProtocolIpv6,
        String instanceMetadataTags) {

    /** A version without {@code MetadataOptions}. */
    public static final MetadataSettings UNSET = new MetadataSettings(null, null, null, null, null);

    /** True when the endpoint is explicitly off (an unset endpoint is enabled). */
    public boolean isEndpointDisabled() {
        return "disabled".equals(httpEndpoint);
    }

    /**
     * True when a new version is needed: tokens are not written as required,
     * or the endpoint is disabled and the caller asked to enable it. A disabled
     * endpoint with required tokens is otherwise left alone, so a second run
     * finds nothing to do.
     */
    public boolean needsNewVersion(boolean enableEndpoint) {
        return !"required".equals(httpTokens) || (enableEndpoint && isEndpointDisabled());
    }

    /** These settings with tokens required, and the endpoint enabled only when asked and it was disabled. */
    public MetadataSettings withTokensRequired(boolean enableEndpoint) {
        String endpoint = enableEndpoint && isEndpointDisabled() ? "enabled" : httpEndpoint;
        return new MetadataSettings("required", endpoint, httpPutResponseHopLimit, httpProtocolIpv6,
                instanceMetadataTags);
    }

    /** As the plan prints it: every written setting by its API name, or "MetadataOptions unset". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add(httpTokens == null ? "HttpTokens unset" : "HttpTokens=" + httpTokens);
        add(parts, "HttpEndpoint", httpEndpoint);
        add(parts, "HttpPutResponseHopLimit", httpPutResponseHopLimit);
        add(parts, "HttpProtocolIpv6", httpProtocolIpv6);
        add(parts, "InstanceMetadataTags", instanceMetadataTags);
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, String name, Object value) {
        if (value != null) {
            parts.add(name + "=" + value);
        }
    }
}
