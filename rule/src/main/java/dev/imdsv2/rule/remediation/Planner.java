package dev.imdsv2.rule.remediation;

import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.VersionSpec;
import dev.imdsv2.rule.remediation.GroupLaunches.RunningInstance;
import dev.imdsv2.rule.remediation.GroupLaunches.Slot;
import dev.imdsv2.rule.remediation.RemediationPlan.Launch;
import dev.imdsv2.rule.remediation.RemediationPlan.SharedGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plans the remediation of one group. Pure: the group, the state of its
 * templates and the region's other groups in; a {@link RemediationPlan} out.
 *
 * <p>Every version the group launches from that does not require tokens gets
 * a copy with tokens required. A template version can only be added as the
 * new latest, so the copies are made oldest source first, the one
 * {@code $Latest} stands for last; and when no copy is of the latest, one more
 * copy of it, settings unchanged, keeps {@code $Latest} launching what it
 * launched. {@code $Default} moves only when the group launches from it.
 */
public final class Planner {

    private static final Pattern INTERRUPTED = Pattern.compile("\\(from version (\\d+); \\$Latest was (\\d+)\\)$");

    private final boolean refresh;
    private final boolean enableEndpoint;

    public Planner(boolean refresh, boolean enableEndpoint) {
        this.refresh = refresh;
        this.enableEndpoint = enableEndpoint;
    }

    /** True when the group launches from a version that needs a new one, so the region's groups must be listed. */
    public boolean changesTemplates(GroupLaunches group, List<TemplateState> templates) {
        return group.slots().stream().anyMatch(slot -> {
            TemplateState template = templateOf(slot.ref(), templates);
            return template.settings(template.resolve(slot.ref().version())).needsNewVersion(enableEndpoint);
        }) || templates.stream().anyMatch(t -> t.latestBeforeInterruptedRun().isPresent());
    }

    public RemediationPlan plan(GroupLaunches group, List<TemplateState> templates, List<AutoScalingGroup> others) {
        List<Launch> launches = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<TemplateState, TreeSet<Long>> sources = new LinkedHashMap<>();
        for (Slot slot : group.slots()) {
            TemplateState template = templateOf(slot.ref(), templates);
            long number = template.resolve(slot.ref().version());
            MetadataSettings settings = template.settings(number);
            boolean needs = settings.needsNewVersion(enableEndpoint);
            launches.add(new Launch(slot.position(), template.label(), slot.ref().version().toString(), number,
                    settings, needs));
            sources.computeIfAbsent(template, t -> new TreeSet<>());
            if (needs) {
                sources.get(template).add(number);
            } else if (settings.isEndpointDisabled()) {
                notes.add(template.label() + " version " + number + ": HttpEndpoint=disabled left as it is (no"
                        + " metadata service); --enable-endpoint (enableEndpoint=true) turns it on");
            }
        }
        if (group.launchConfigurationName() != null && group.slots().isEmpty()) {
            notes.add("launches from launch configuration " + group.launchConfigurationName()
                    + "; only launch templates are remediated: move the group to a launch template first");
        }

        List<Step> steps = new ArrayList<>();
        sources.forEach((template, numbers) ->
                steps.addAll(versionSteps(template, numbers, launchesLatest(group, template))));
        sources.forEach((template, numbers) -> defaultStep(group, template, numbers).ifPresent(steps::add));
        updateStep(group, templates, sources).ifPresent(steps::add);
        boolean changesOwnLaunches = sources.values().stream().anyMatch(numbers -> !numbers.isEmpty());
        if (refresh && (changesOwnLaunches || runsWithoutTokens(group, templates))) {
            steps.add(new Step.StartRefresh(group.name()));
        }

        List<SharedGroup> shared = shared(group, others, steps, sources);
        return new RemediationPlan(group.name(), group.arn(), launches, steps, notes, shared);
    }

    /**
     * The version that was latest before an interrupted run, when a version's
     * description says it is a copy that run made for another reference.
     */
    public static OptionalLong latestBeforeInterruptedRun(String latestDescription) {
        if (latestDescription == null) {
            return OptionalLong.empty();
        }
        Matcher m = INTERRUPTED.matcher(latestDescription);
        if (!m.find() || m.group(1).equals(m.group(2))) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(m.group(2)));
    }

    private List<Step> versionSteps(TemplateState template, TreeSet<Long> numbers, boolean launchesLatest) {
        List<Step> steps = new ArrayList<>();
        long latestSettings = template.latestBeforeInterruptedRun().orElse(template.latest());
        for (long source : numbers) {
            if (source != template.latest()) {
                steps.add(create(template, source, latestSettings));
            }
        }
        if (numbers.contains(template.latest()) && template.latestBeforeInterruptedRun().isEmpty()) {
            steps.add(create(template, template.latest(), latestSettings));
        } else if (!steps.isEmpty() || template.latestBeforeInterruptedRun().isPresent()) {
            long keep = latestSettings;
            MetadataSettings settings = template.settings(keep);
            if (numbers.contains(keep) || (launchesLatest && settings.needsNewVersion(enableEndpoint))) {
                settings = settings.withTokensRequired(enableEndpoint);
            }
            steps.add(new Step.KeepLatest(template.id(), template.name(), keep, settings,
                    "$Latest kept as version " + keep + " (IMDSv2 remediation)",
                    token(template.id(), keep, settings, "keep"),
                    template.latest(),
                    template.latestBeforeInterruptedRun().isPresent()));
        }
        return steps;
    }

    private Step.CreateVersion create(TemplateState template, long source, long latestBefore) {
        MetadataSettings settings = template.settings(source).withTokensRequired(enableEndpoint);
        return new Step.CreateVersion(template.id(), template.name(), source, settings,
                "IMDSv2 required (from version " + source + "; $Latest was " + latestBefore + ")",
                token(template.id(), source, settings, "copy"),
                template.latest());
    }

    private static boolean launchesLatest(GroupLaunches group, TemplateState template) {
        return group.slots().stream()
                .anyMatch(s -> template.isNamedBy(s.ref()) && s.ref().version() instanceof VersionSpec.Latest);
    }

    private static Optional<Step> defaultStep(GroupLaunches group, TemplateState template, TreeSet<Long> numbers) {
        boolean launchesDefault = group.slots().stream()
                .anyMatch(s -> template.isNamedBy(s.ref()) && s.ref().version() instanceof VersionSpec.Default);
        if (launchesDefault && numbers.contains(template.byDefault())) {
            return Optional.of(new Step.SetDefault(template.id(), template.name(), template.byDefault()));
        }
        return Optional.empty();
    }

    private static Optional<Step> updateStep(GroupLaunches group, List<TemplateState> templates,
                                             Map<TemplateState, TreeSet<Long>> sources) {
        List<Step.SlotUpdate> updates = new ArrayList<>();
        for (Slot slot : group.slots()) {
            if (slot.ref().version() instanceof VersionSpec.Pinned pinned) {
                TemplateState template = templateOf(slot.ref(), templates);
                if (sources.get(template).contains(pinned.number())) {
                    updates.add(new Step.SlotUpdate(slot.position(), template.id(), pinned.number()));
                }
            }
        }
        return updates.isEmpty() ? Optional.empty() : Optional.of(new Step.UpdateGroup(group.name(), updates));
    }

    /** True when an instance runs a version that does not require tokens, or was not launched from a template. */
    private static boolean runsWithoutTokens(GroupLaunches group, List<TemplateState> templates) {
        for (RunningInstance instance : group.instances()) {
            LaunchTemplateRef ref = instance.launchedFrom();
            if (ref == null) {
                return true;
            }
            Optional<TemplateState> template = templates.stream().filter(t -> t.isNamedBy(ref)).findFirst();
            if (template.isEmpty()) {
                return true;
            }
            MetadataSettings settings = template.get().versions().get(template.get().resolve(ref.version()));
            if (settings == null || !"required".equals(settings.httpTokens())) {
                return true;
            }
        }
        return false;
    }

    private static List<SharedGroup> shared(GroupLaunches group, List<AutoScalingGroup> others, List<Step> steps,
                                            Map<TemplateState, TreeSet<Long>> sources) {
        List<SharedGroup> shared = new ArrayList<>();
        for (AutoScalingGroup other : others) {
            if (other.name().equals(group.name()) || !(other.source() instanceof LaunchSource.Templates t)) {
                continue;
            }
            for (LaunchTemplateRef ref : t.refs()) {
                for (var touched : sources.entrySet()) {
                    TemplateState template = touched.getKey();
                    if (template.isNamedBy(ref) && touchesTemplate(steps, template.id())) {
                        shared.add(effect(other.name(), ref, template, touched.getValue(), steps));
                    }
                }
            }
        }
        return shared;
    }

    private static boolean touchesTemplate(List<Step> steps, String templateId) {
        return steps.stream().anyMatch(step -> switch (step) {
            case Step.CreateVersion c -> c.templateId().equals(templateId);
            case Step.KeepLatest k -> k.templateId().equals(templateId);
            case Step.SetDefault d -> d.templateId().equals(templateId);
            default -> false;
        });
    }

    private static SharedGroup effect(String name, LaunchTemplateRef ref, TemplateState template,
                                      TreeSet<Long> numbers, List<Step> steps) {
        String version = ref.version().toString();
        return switch (ref.version()) {
            case VersionSpec.Pinned pinned -> new SharedGroup(name, template.label(), version, false,
                    "unchanged: pinned to version " + pinned.number());
            case VersionSpec.Latest latest -> {
                long was = template.latestBeforeInterruptedRun().orElse(template.latest());
                yield numbers.contains(was)
                        ? new SharedGroup(name, template.label(), version, true, "will launch a copy of version "
                                + was + " with HttpTokens=required (instead of version " + template.latest() + ")")
                        : new SharedGroup(name, template.label(), version, false,
                                "same settings under a new number: $Latest becomes a copy of version " + was);
            }
            case VersionSpec.Default byDefault -> steps.stream().anyMatch(s -> s instanceof Step.SetDefault d
                    && d.templateId().equals(template.id()))
                    ? new SharedGroup(name, template.label(), version, true, "will launch a copy of version "
                            + template.byDefault() + " with HttpTokens=required (the new default)")
                    : new SharedGroup(name, template.label(), version, false,
                            "unchanged: the default stays version " + template.byDefault());
        };
    }

    private static TemplateState templateOf(LaunchTemplateRef ref, List<TemplateState> templates) {
        return templates.stream()
                .filter(t -> t.isNamedBy(ref))
                .findFirst()
                .orElseThrow(() -> new PlanException("launch template " + ref.label() + " was not found"));
    }

    /** At most 64 characters: EC2 takes up to 128; the prefix says who made the version. */
    static String token(String templateId, long source, MetadataSettings settings, String kind) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (kind + "|" + templateId + "|" + source + "|" + settings.describe())
                            .getBytes(StandardCharsets.UTF_8));
            return "imdsv2-" + HexFormat.of().formatHex(digest).substring(0, 48);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
