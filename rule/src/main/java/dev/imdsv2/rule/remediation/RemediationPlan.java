package dev.imdsv2.rule.remediation;

import java.util.List;
import java.util.Optional;

/**
 * What remediating one group will do, before anything is done: what it
 * launches from now, the steps, what is deliberately left alone, and every
 * other group in the region that launches from a template the steps touch.
 */
public record RemediationPlan(
        String groupName,
        String groupArn,
        List<Launch> launches,
        List<Step> steps,
        List<String> notes,
        List<SharedGroup> sharedGroups) {

    public RemediationPlan {
        launches = List.copyOf(launches);
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
        sharedGroups = List.copyOf(sharedGroups);
    }

    /** A reference of the group, the version it stands for now, and that version's settings. */
    public record Launch(Position position, String template, String version, long number, MetadataSettings settings,
                         boolean needsNewVersion) {
    }

    /**
     * Another group launching from a touched template: {@code changes} when it
     * will launch different settings after the plan (its {@code $Latest} or
     * {@code $Default} gains required tokens), with what and why either way.
     */
    public record SharedGroup(String groupName, String template, String version, boolean changes, String effect) {
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The other groups whose instances will launch with different settings. */
    public List<SharedGroup> changedGroups() {
        return sharedGroups.stream().filter(SharedGroup::changes).toList();
    }

    /**
     * Why the plan must not be applied without consent: it would change other
     * groups that share a template. Empty when nothing else changes, or when
     * the caller allowed it.
     */
    public Optional<String> refusal(boolean allowShared) {
        List<SharedGroup> changed = changedGroups();
        if (allowShared || changed.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = changed.stream().map(SharedGroup::groupName).distinct().toList();
        return Optional.of("not applied: the plan would also change " + names.size() + " other group(s) sharing a"
                + " template (" + String.join(", ", names) + "); rerun with --allow-shared (allowShared=true,"
                + " AllowSharedChanges=true) to change them too");
    }
}
