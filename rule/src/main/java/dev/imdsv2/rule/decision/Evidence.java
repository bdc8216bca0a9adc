package dev.imdsv2.rule.decision;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything AWS told the rule that a verdict may rest on: template versions,
 * launch configurations and the account default. Built once per invocation
 * and then read only; asking for something that was never gathered is a bug,
 * not a missing resource, and fails loudly.
 */
public final class Evidence {

    private final Map<String, TemplateFacts> templates;
    private final Map<String, LaunchConfigurationFacts> launchConfigurations;
    private final AccountDefault accountDefault;

    private Evidence(Builder builder) {
        this.templates = Map.copyOf(builder.templates);
        this.launchConfigurations = Map.copyOf(builder.launchConfigurations);
        this.accountDefault = builder.accountDefault;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What is known of the template a reference names. */
    public TemplateFacts template(LaunchTemplateRef ref) {
        TemplateFacts facts = ref.id() != null ? templates.get(idKey(ref.id())) : null;
        if (facts == null && ref.name() != null) {
            facts = templates.get(nameKey(ref.name()));
        }
        if (facts == null) {
            throw new IllegalStateException("no evidence was gathered for launch template " + ref.label());
        }
        return facts;
    }

    /** What is known of a launch configuration, by name. */
    public LaunchConfigurationFacts launchConfiguration(String name) {
        LaunchConfigurationFacts facts = launchConfigurations.get(name);
        if (facts == null) {
            throw new IllegalStateException("no evidence was gathered for launch configuration " + name);
        }
        return facts;
    }

    public AccountDefault accountDefault() {
        return accountDefault;
    }

    /** A launch configuration's metadata settings, its absence, or why it could not be read. */
    public sealed interface LaunchConfigurationFacts {
        record Found(MetadataOptions options) implements LaunchConfigurationFacts {
        }

        record Missing() implements LaunchConfigurationFacts {
        }

        record Unavailable(EvidenceGap gap) implements LaunchConfigurationFacts {
        }
    }

    private static String idKey(String id) {
        return "id:" + id;
    }

    private static String nameKey(String name) {
        return "name:" + name;
    }

    /**
     * Collects evidence as it arrives. Facts about one template from several
     * calls are merged; a failed call about it wins over any answer, so a
     * group never gets a verdict from part of what it needs. Each reference is
     * answered under the key it was asked by (its id, else its name), so a
     * template that merely shares a name cannot stand in for it.
     */
    public static final class Builder {
        private final Map<String, TemplateFacts> templates = new HashMap<>();
        private final Set<String> asked = new HashSet<>();
        private final Map<String, LaunchConfigurationFacts> launchConfigurations = new HashMap<>();
        private AccountDefault accountDefault = AccountDefault.NOT_CONSULTED;

        private Builder() {
        }

        /**
         * Records a template that exists, under its id and its name. Facts from
         * several calls about one template (its latest and default from the
         * account-wide listing, pinned versions from their own call) are merged.
         */
        public Builder found(TemplateFacts.Found facts) {
            record(facts);
            return this;
        }

        private TemplateFacts.Found record(TemplateFacts.Found facts) {
            TemplateFacts.Found merged = facts;
            if (facts.id() != null && templates.get(idKey(facts.id())) instanceof TemplateFacts.Found earlier) {
                merged = merge(earlier, facts);
            }
            TemplateFacts.Found result = merged;
            // Whichever key the template was asked by, its facts there take in the new ones.
            Optional.ofNullable(result.id()).ifPresent(id -> templates.replaceAll((key, known) ->
                    known instanceof TemplateFacts.Found found && id.equals(found.id())
                            ? merge(found, result)
                            : known));
            Optional.ofNullable(result.id()).ifPresent(id -> putUnlessAskedOtherwise(idKey(id), result, id));
            Optional.ofNullable(result.name()).ifPresent(
                    name -> putUnlessAskedOtherwise(nameKey(name), result, result.id()));
            return result;
        }

        /**
         * What is recorded about one template, under whichever key it was
         * asked by, gives way to the failure of a later call about it.
         */
        private void replaceFactsOf(String templateId, TemplateFacts facts) {
            templates.replaceAll((key, known) -> known instanceof TemplateFacts.Found found
                    && templateId.equals(found.id()) ? facts : known);
        }

        /**
         * A template's id and name are both keys, but what was asked for by one
         * key is answered under it: facts about another template that happens to
         * carry the same name (a stale or inconsistent reference) must not take
         * its place, or the judge would read the wrong template's versions.
         */
        private void putUnlessAskedOtherwise(String key, TemplateFacts facts, String templateId) {
            boolean sameTemplate = templates.get(key) instanceof TemplateFacts.Found existing
                    && Objects.equals(existing.id(), templateId);
            if (!asked.contains(key) || sameTemplate) {
                templates.put(key, facts);
            }
        }

        private static TemplateFacts.Found merge(TemplateFacts.Found a, TemplateFacts.Found b) {
            Map<Long, MetadataOptions> versions = new HashMap<>(a.versions());
            versions.putAll(b.versions());
            java.util.Set<Long> absent = new java.util.HashSet<>(a.absent());
            absent.addAll(b.absent());
            absent.removeAll(versions.keySet());
            return new TemplateFacts.Found(
                    a.id(),
                    a.name() != null ? a.name() : b.name(),
                    b.latest().isPresent() ? b.latest() : a.latest(),
                    b.byDefault().isPresent() ? b.byDefault() : a.byDefault(),
                    versions,
                    absent);
        }

        /**
         * Records what is known of the template a reference names, as asked by
         * it: by its id when it has one, otherwise by its name. The judge looks
         * the reference up the same way.
         */
        public Builder template(LaunchTemplateRef ref, TemplateFacts facts) {
            String key = ref.id() != null ? idKey(ref.id()) : nameKey(ref.name());
            asked.add(key);
            if (facts instanceof TemplateFacts.Found found) {
                TemplateFacts.Found recorded = record(found);
                // A version that could not be read stays unread: a later answer
                // about other versions of the template does not make up for it.
                if (!(templates.get(key) instanceof TemplateFacts.Unavailable)) {
                    templates.put(key, recorded);
                }
                return this;
            }
            if (ref.id() != null) {
                replaceFactsOf(ref.id(), facts);
            }
            templates.put(key, facts);
            if (ref.id() != null && ref.name() != null) {
                putUnlessAskedOtherwise(nameKey(ref.name()), facts, ref.id());
            }
            return this;
        }

        public Builder launchConfiguration(String name, LaunchConfigurationFacts facts) {
            launchConfigurations.put(name, facts);
            return this;
        }

        public Builder accountDefault(AccountDefault value) {
            this.accountDefault = value;
            return this;
        }

        public Evidence build() {
            return new Evidence(this);
        }
    }
}
