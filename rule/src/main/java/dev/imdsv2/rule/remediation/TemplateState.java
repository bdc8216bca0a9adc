package dev.imdsv2.rule.remediation;

import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.VersionSpec;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What one launch template holds now: its latest and default version numbers,
 * the settings of every version fetched, and, when its latest version is a
 * copy an interrupted earlier run made for a pinned or default reference, the
 * version that was latest before that run ({@code latestBeforeInterruptedRun}),
 * whose settings {@code $Latest} must go back to.
 */
public record TemplateState(
        String id,
        String name,
        long latest,
        long byDefault,
        Map<Long, MetadataSettings> versions,
        OptionalLong latestBeforeInterruptedRun) {

    public TemplateState {
        versions = Map.copyOf(versions);
    }

    /** True when the reference names this template, by id or by name. */
    public boolean isNamedBy(LaunchTemplateRef ref) {
        return ref.sameTemplateAs(id, name);
    }

    /** The number a version choice stands for now. */
    public long resolve(VersionSpec version) {
        return switch (version) {
            case VersionSpec.Latest latestVersion -> latest;
            case VersionSpec.Default defaultVersion -> byDefault;
            case VersionSpec.Pinned pinned -> pinned.number();
        };
    }

    /** The settings of a fetched version. @throws PlanException when it was not fetched (it does not exist) */
    public MetadataSettings settings(long number) {
        MetadataSettings settings = versions.get(number);
        if (settings == null) {
            throw new PlanException("launch template " + label() + " has no version " + number);
        }
        return settings;
    }

    public String label() {
        return name == null ? id : id + " (" + name + ")";
    }
}
