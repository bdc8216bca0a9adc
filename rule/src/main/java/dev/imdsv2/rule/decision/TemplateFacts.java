package dev.imdsv2.rule.decision;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/** What AWS answered about one launch template, for the versions the rule asked of it. */
public sealed interface TemplateFacts {

    /**
     * The template exists. {@code latest} and {@code byDefault} are known when
     * they were asked for; {@code versions} holds the settings of every version
     * fetched, {@code absent} the numbers asked for that AWS does not have.
     */
    record Found(
            String id,
            String name,
            OptionalLong latest,
            OptionalLong byDefault,
            Map<Long, MetadataOptions> versions,
            Set<Long> absent) implements TemplateFacts {

        public Found {
            versions = Map.copyOf(versions);
            absent = Set.copyOf(absent);
        }
    }

    /** AWS says no template has that id or name. */
    record Missing() implements TemplateFacts {
    }

    /** The template could not be read. */
    record Unavailable(EvidenceGap gap) implements TemplateFacts {
    }
}
