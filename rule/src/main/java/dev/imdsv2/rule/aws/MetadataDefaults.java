package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.decision.AccountDefault;

/** Gives the region's account-level instance metadata defaults. */
public interface MetadataDefaults {

    /** The account's {@code HttpTokens} default; unavailable (never thrown) when it cannot be read. */
    AccountDefault read();
}
