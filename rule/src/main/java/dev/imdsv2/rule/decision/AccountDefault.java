package dev.imdsv2.rule.decision;

import java.util.Optional;

/** The region's account-level {@code HttpTokens} default, as far as it is known. */
public sealed interface AccountDefault {

    /** Not read, because {@code AccountDefaults} is {@code IGNORE}. */
    record NotConsulted() implements AccountDefault {
    }

    /** Read; empty when the account sets no default. */
    record Known(Optional<String> httpTokens) implements AccountDefault {
    }

    /** Asked for, but could not be read. */
    record Unavailable(EvidenceGap gap) implements AccountDefault {
    }

    AccountDefault NOT_CONSULTED = new NotConsulted();
}
