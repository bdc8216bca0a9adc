package dev.imdsv2.rule.event;

import java.time.Instant;

/** What woke the rule. */
public sealed interface Trigger {

    /** A configuration change whose item came whole inside the event. */
    record ItemChanged(ConfigurationItem item) implements Trigger {
    }

    /**
     * A configuration change too large for the event: only the item's summary
     * came, and the full item must be fetched from Config.
     */
    record OversizedItemChanged(ConfigurationItem summary) implements Trigger {
    }

    /** The periodic sweep. */
    record Scheduled(Instant notificationCreationTime) implements Trigger {
    }
}
