package dev.imdsv2.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An account's Auto Scaling groups and launch templates, generated from a
 * seed so that every run judges the same fleet.
 *
 * <p>Shape: group {@code g} launches from template {@code g % templates}.
 * The first tenth of the templates belong to teams that pin a version
 * number, so about 10% of references are pinned; the rest name
 * {@code $Latest}, {@code $Default} or no version (the default). Every
 * tenth group uses a mixed instances policy whose second override names a
 * template of its own; one group in a hundred uses a launch configuration.
 */
public final class Fleet {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";

    /** One version's metadata settings; null means the field is absent. */
    public record Version(long number, String httpTokens, String httpEndpoint) {
    }

    public record Template(String id, String name, List<Version> versions, long defaultVersion) {

        public long latestVersion() {
            return versions.getLast().number();
        }

        public Version version(long number) {
            return number >= 1 && number <= versions.size() ? versions.get((int) number - 1) : null;
        }
    }

    /** A reference as the Auto Scaling API returns it; version null means absent. */
    public record Ref(Template template, String version) {

        public boolean isPinned() {
            return version != null && !version.startsWith("$");
        }
    }

    /** A group: its launch template (or mixed policy spec), override specs, or a launch configuration. */
    public record Group(String name, String arn, Ref template, boolean mixed, List<Ref> overrides,
                        String launchConfiguration) {

        public List<Ref> refs() {
            List<Ref> all = new ArrayList<>();
            if (template != null) {
                all.add(template);
            }
            all.addAll(overrides);
            return all;
        }
    }

    private final List<Template> templates;
    private final List<Group> groups;
    private final Map<String, Template> byId = new HashMap<>();
    private final Map<String, Template> byName = new HashMap<>();

    private Fleet(List<Template> templates, List<Group> groups) {
        this.templates = List.copyOf(templates);
        this.groups = List.copyOf(groups);
        templates.forEach(t -> {
            byId.put(t.id(), t);
            byName.put(t.name(), t);
        });
    }

    public static Fleet generate(int groupCount, int templateCount, long seed) {
        Random random = new Random(seed);
        List<Template> templates = new ArrayList<>();
        for (int t = 0; t < templateCount; t++) {
            templates.add(template(t, random));
        }
        int pinnedTemplates = Math.max(1, templateCount / 10);
        List<Group> groups = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            groups.add(group(g, templates, pinnedTemplates));
        }
        return new Fleet(templates, groups);
    }

    private static Template template(int t, Random random) {
        int count = 2 + random.nextInt(4);
        List<Version> versions = new ArrayList<>();
        for (int v = 1; v <= count; v++) {
            int roll = random.nextInt(100);
            if (roll < 70) {
                versions.add(new Version(v, "required", "enabled"));
            } else if (roll < 85) {
                versions.add(new Version(v, "optional", "enabled"));
            } else if (roll < 95) {
                versions.add(new Version(v, null, null));
            } else {
                versions.add(new Version(v, "required", "disabled"));
            }
        }
        long byDefault = random.nextInt(10) < 6 ? count : count - 1;
        return new Template(String.format("lt-%017x", 0xa0000L + t), String.format("tpl-%04d", t),
                versions, byDefault);
    }

    private static Group group(int g, List<Template> templates, int pinnedTemplates) {
        String name = String.format("asg-%05d", g);
        String arn = "arn:aws:autoscaling:" + REGION + ":" + ACCOUNT + ":autoScalingGroup:"
                + String.format("%08x-0000-4000-8000-%012x", g, g) + ":autoScalingGroupName/" + name;
        if (g % 100 == 99) {
            return new Group(name, arn, null, false, List.of(), "lc-" + name);
        }
        int t = g % templates.size();
        Ref primary = ref(g, t, templates, pinnedTemplates);
        if (g % 10 == 5) {
            int other = (t * 31 + 17) % templates.size();
            return new Group(name, arn, primary, true, List.of(ref(g + 1, other, templates, pinnedTemplates)),
                    null);
        }
        return new Group(name, arn, primary, false, List.of(), null);
    }

    private static Ref ref(int g, int t, List<Template> templates, int pinnedTemplates) {
        Template template = templates.get(t);
        if (t < pinnedTemplates) {
            long pinned = (g / templates.size()) % template.versions().size() + 1;
            return new Ref(template, Long.toString(pinned));
        }
        String version = switch (g % 3) {
            case 0 -> "$Latest";
            case 1 -> "$Default";
            default -> null;
        };
        return new Ref(template, version);
    }

    public List<Template> templates() {
        return templates;
    }

    public List<Group> groups() {
        return groups;
    }

    public Template templateById(String id) {
        return byId.get(id);
    }

    public Template templateByName(String name) {
        return byName.get(name);
    }

    /** Share of all template references that name a version number. */
    public double pinnedShare() {
        long all = groups.stream().mapToLong(g -> g.refs().size()).sum();
        long pinned = groups.stream().flatMap(g -> g.refs().stream()).filter(Ref::isPinned).count();
        return all == 0 ? 0 : (double) pinned / all;
    }

    /** Distinct templates that some reference pins to a number: each costs the rule one call. */
    public int pinnedTemplates() {
        Set<String> ids = new HashSet<>();
        groups.forEach(g -> g.refs().stream().filter(Ref::isPinned).forEach(r -> ids.add(r.template().id())));
        return ids.size();
    }

    /** Items of the account-wide $Latest/$Default listing: one per template, two when they differ. */
    public int accountWideItems() {
        return templates.stream().mapToInt(t -> t.defaultVersion() == t.latestVersion() ? 1 : 2).sum();
    }

    public int mixedGroups() {
        return (int) groups.stream().filter(Group::mixed).count();
    }
}
