package dev.imdsv2.rule.decision;

/**
 * The two instance metadata settings the verdict rests on, exactly as written
 * in a template version or launch configuration; {@code null} means unset.
 * An unset endpoint is enabled (the EC2 default); an unset token setting falls
 * back to the account default, if any, and otherwise to optional.
 */
public record MetadataOptions(String httpTokens, String httpEndpoint) {

    /** Neither setting written: what a version without MetadataOptions means. */
    public static final MetadataOptions UNSET = new MetadataOptions(null, null);

    /** True when the metadata endpoint is explicitly turned off. */
    public boolean isEndpointDisabled() {
        return "disabled".equals(httpEndpoint);
    }
}
