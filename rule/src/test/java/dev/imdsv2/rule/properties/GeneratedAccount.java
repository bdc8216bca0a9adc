package dev.imdsv2.rule.properties;

import dev.imdsv2.rule.aws.AutoScalingGroups;
import dev.imdsv2.rule.aws.LaunchTemplates;
import dev.imdsv2.rule.aws.MetadataDefaults;
import dev.imdsv2.rule.decision.AccountDefault;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.Evidence.LaunchConfigurationFacts;
import dev.imdsv2.rule.decision.EvidenceGap;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.decision.Parameters;
import dev.imdsv2.rule.decision.TemplateFacts;
import dev.imdsv2.rule.decision.VersionSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

/**
 * A made-up account: launch templates with versions, launch configurations,
 * an account default, groups that launch from them, and rule parameters, all
 * drawn from a source of choices (a seeded {@link Random} in the property
 * tests, the fuzzer's bytes in the fuzz targets). It answers as AWS would
 * through the rule's own interfaces, and knows, from SPEC.md alone, what the
 * verdict for each group must be.
 */
public final class GeneratedAccount implements LaunchTemplates, AutoScalingGroups, MetadataDefaults {

    /** Where the account's shape comes from. */
    public interface Choices {
        /** A number from 0 to {@code bound - 1}. */
        int below(int bound);

        /** Any text, possibly empty, at most {@code maxLength} characters. */
        String text(int maxLength);

        static Choices of(Random random) {
            return new Choices() {
                @Override
                public int below(int bound) {
                    return random.nextInt(bound);
                }

                @Override
                public String text(int maxLength) {
                    int length = random.nextInt(maxLength + 1);
                    StringBuilder text = new StringBuilder();
                    while (text.length() < length) {
                        // Mostly ASCII, sometimes a character outside the BMP.
                        text.appendCodePoint(random.nextInt(8) == 0 ? 0x1F600 + random.nextInt(64)
                                : ' ' + random.nextInt(95));
                    }
                    return text.toString();
                }
            };
        }
    }

    /** What is known of one template; a version absent from {@code versions} was deleted. */
    public record Template(String id, String name, State state, long latest, long byDefault,
                           Map<Long, MetadataOptions> versions) {
    }

    /** Whether AWS has the template, does not, or could not say. */
    public enum State { FOUND, MISSING, UNAVAILABLE }

    static final EvidenceGap THROTTLED = new EvidenceGap(
            "ec2:DescribeLaunchTemplateVersions", "ThrottlingException", "Rate exceeded");
    static final EvidenceGap DENIED = new EvidenceGap(
            "autoscaling:DescribeLaunchConfigurations", "AccessDenied", "not authorized");
    static final String EXEMPTION_KEY = "imdsv2-exempt";

    private static final String[] TOKENS = {"required", "optional", null, "", "REQUIRED", "required "};
    private static final String[] ENDPOINTS = {"enabled", "disabled", null, "DISABLED", ""};

    private final Parameters parameters;
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, LaunchConfigurationFacts> launchConfigurations = new LinkedHashMap<>();
    private final AccountDefault accountDefault;
    private final List<AutoScalingGroup> groups = new ArrayList<>();

    private GeneratedAccount(Choices choices, int maxGroups) {
        parameters = parameters(choices);
        int templateCount = 1 + choices.below(6);
        for (int i = 0; i < templateCount; i++) {
            templates.add(template(choices, i));
        }
        int lcCount = choices.below(3);
        for (int i = 0; i < lcCount; i++) {
            String name = "lc-" + i + choices.text(8);
            launchConfigurations.put(name, switch (choices.below(4)) {
                case 0 -> new LaunchConfigurationFacts.Missing();
                case 1 -> new LaunchConfigurationFacts.Unavailable(DENIED);
                default -> new LaunchConfigurationFacts.Found(options(choices));
            });
        }
        accountDefault = switch (choices.below(4)) {
            case 0 -> new AccountDefault.Unavailable(new EvidenceGap(
                    "ec2:GetInstanceMetadataDefaults", "AccessDenied", "not authorized"));
            case 1 -> new AccountDefault.Known(Optional.empty());
            case 2 -> new AccountDefault.Known(Optional.of("optional"));
            default -> new AccountDefault.Known(Optional.of("required"));
        };
        int groupCount = 1 + choices.below(maxGroups);
        for (int i = 0; i < groupCount; i++) {
            groups.add(group(choices, i));
        }
    }

    private GeneratedAccount(GeneratedAccount other, Parameters parameters) {
        this.parameters = parameters;
        this.templates.addAll(other.templates);
        this.launchConfigurations.putAll(other.launchConfigurations);
        this.accountDefault = other.accountDefault;
        this.groups.addAll(other.groups);
    }

    /** The same account, judged with other parameters. */
    public GeneratedAccount withParameters(Parameters other) {
        return new GeneratedAccount(this, other);
    }

    /** The same account, with the references of every group in another order. */
    public GeneratedAccount withShuffledReferences(Random random) {
        GeneratedAccount shuffled = new GeneratedAccount(this, parameters);
        shuffled.groups.replaceAll(group -> group.source() instanceof LaunchSource.Templates t
                ? new AutoScalingGroup(group.name(), group.arn(), new LaunchSource.Templates(shuffle(t.refs(), random)),
                        group.tags())
                : group);
        java.util.Collections.shuffle(shuffled.groups, random);
        return shuffled;
    }

    private static <T> List<T> shuffle(List<T> list, Random random) {
        List<T> copy = new ArrayList<>(list);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }

    public static GeneratedAccount generate(Choices choices) {
        return new GeneratedAccount(choices, 8);
    }

    public static GeneratedAccount generate(Choices choices, int maxGroups) {
        return new GeneratedAccount(choices, maxGroups);
    }

    public Parameters parameters() {
        return parameters;
    }

    public List<AutoScalingGroup> groups() {
        return List.copyOf(groups);
    }

    public List<Template> templates() {
        return List.copyOf(templates);
    }

    private static Parameters parameters(Choices choices) {
        Optional<Parameters.ExemptionTag> exemption = switch (choices.below(3)) {
            case 0 -> Optional.empty();
            case 1 -> Optional.of(new Parameters.ExemptionTag(EXEMPTION_KEY, Optional.empty()));
            default -> Optional.of(new Parameters.ExemptionTag(EXEMPTION_KEY, Optional.of("true")));
        };
        return new Parameters(
                pick(choices, Parameters.VersionToJudge.values()),
                pick(choices, Parameters.EndpointDisabled.values()),
                pick(choices, Parameters.AccountDefaults.values()),
                pick(choices, Parameters.LaunchConfigurations.values()),
                exemption,
                choices.below(2) == 0,
                Optional.empty());
    }

    private static Template template(Choices choices, int index) {
        String id = "lt-%017x".formatted(index);
        // Names may be long or carry characters outside the BMP: the annotation must still fit.
        String name = "t" + index + "-" + choices.text(choices.below(4) == 0 ? 300 : 12);
        State state = switch (choices.below(8)) {
            case 0 -> State.MISSING;
            case 1 -> State.UNAVAILABLE;
            default -> State.FOUND;
        };
        long latest = 1 + choices.below(5);
        long byDefault = 1 + choices.below((int) latest);
        Map<Long, MetadataOptions> versions = new HashMap<>();
        for (long v = 1; v <= latest; v++) {
            // Old versions may be deleted; the latest and the default never are.
            if (v == latest || v == byDefault || choices.below(5) != 0) {
                versions.put(v, options(choices));
            }
        }
        return new Template(id, name, state, latest, byDefault, versions);
    }

    private static MetadataOptions options(Choices choices) {
        if (choices.below(6) == 0) {
            return MetadataOptions.UNSET;
        }
        return new MetadataOptions(pick(choices, TOKENS), pick(choices, ENDPOINTS));
    }

    private AutoScalingGroup group(Choices choices, int index) {
        String name = "asg-" + index;
        String arn = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:%08x:autoScalingGroupName/%s"
                .formatted(index, name);
        Map<String, String> tags = new LinkedHashMap<>();
        switch (choices.below(6)) {
            case 0 -> tags.put(EXEMPTION_KEY, "true");
            case 1 -> tags.put(EXEMPTION_KEY, "no");
            default -> tags.put("team", "t" + index);
        }
        LaunchSource source;
        if (!launchConfigurations.isEmpty() && choices.below(5) == 0) {
            source = new LaunchSource.LaunchConfiguration(
                    pick(choices, launchConfigurations.keySet().toArray(String[]::new)));
        } else {
            List<LaunchTemplateRef> refs = new ArrayList<>();
            int count = 1 + choices.below(choices.below(3) == 0 ? 20 : 3);
            for (int i = 0; i < count; i++) {
                refs.add(ref(choices));
            }
            source = new LaunchSource.Templates(refs);
        }
        return new AutoScalingGroup(name, arn, source, tags);
    }

    private LaunchTemplateRef ref(Choices choices) {
        VersionSpec version;
        int which = choices.below(10);
        // A reference to a template that was never created names an id nobody has.
        Template template = which == 0
                ? new Template("lt-ffffffffffffffff" + choices.below(10), null, State.MISSING, 0, 0, Map.of())
                : templates.get(choices.below(templates.size()));
        version = switch (choices.below(4)) {
            case 0 -> VersionSpec.LATEST;
            case 1 -> VersionSpec.DEFAULT;
            case 2 -> null; // absent: $Default
            default -> new VersionSpec.Pinned(1 + choices.below((int) template.latest() + 2));
        };
        return switch (template.name() == null ? 0 : choices.below(3)) {
            case 0 -> new LaunchTemplateRef(template.id(), null, version);
            case 1 -> new LaunchTemplateRef(null, template.name(), version);
            default -> new LaunchTemplateRef(template.id(), template.name(), version);
        };
    }

    private static <T> T pick(Choices choices, T[] values) {
        return values[choices.below(values.length)];
    }

    // --- what AWS answers -------------------------------------------------------------------------

    @Override
    public void gather(Collection<LaunchTemplateRef> refs, Evidence.Builder evidence, boolean wholeAccount) {
        for (LaunchTemplateRef ref : refs) {
            Template template = find(ref);
            if (template == null || template.state() == State.MISSING) {
                evidence.template(ref, new TemplateFacts.Missing());
            } else if (template.state() == State.UNAVAILABLE) {
                evidence.template(ref, new TemplateFacts.Unavailable(THROTTLED));
            } else {
                Set<Long> absent = new HashSet<>();
                if (ref.version() instanceof VersionSpec.Pinned pinned
                        && !template.versions().containsKey(pinned.number())) {
                    absent.add(pinned.number());
                }
                // Recorded as asked, by the reference, as the real gatherers do.
                evidence.template(ref, new TemplateFacts.Found(template.id(), template.name(),
                        OptionalLong.of(template.latest()), OptionalLong.of(template.byDefault()),
                        template.versions(), absent));
            }
        }
    }

    private Template find(LaunchTemplateRef ref) {
        for (Template template : templates) {
            if (ref.id() != null ? ref.id().equals(template.id()) : ref.name().equals(template.name())) {
                return template;
            }
        }
        return null;
    }

    @Override
    public List<AutoScalingGroup> all() {
        return groups();
    }

    @Override
    public void gatherLaunchConfigurations(Collection<String> names, Evidence.Builder evidence) {
        for (String name : names) {
            evidence.launchConfiguration(name,
                    launchConfigurations.getOrDefault(name, new LaunchConfigurationFacts.Missing()));
        }
    }

    @Override
    public AccountDefault read() {
        return accountDefault;
    }

    // --- what SPEC.md says the verdict is ---------------------------------------------------------

    /** The verdict SPEC.md gives the group; empty when it says no verdict (evidence missing). */
    public Optional<Compliance> expected(AutoScalingGroup group) {
        var exemption = parameters.exemptionTag();
        if (exemption.isPresent()) {
            String value = group.tags().get(exemption.get().key());
            if (value != null && exemption.get().value().map(value::equals).orElse(true)) {
                return Optional.of(Compliance.NOT_APPLICABLE);
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        switch (group.source()) {
            case LaunchSource.LaunchConfiguration lc -> {
                if (parameters.launchConfigurations() == Parameters.LaunchConfigurations.NOT_APPLICABLE) {
                    return Optional.of(Compliance.NOT_APPLICABLE);
                }
                outcomes.add(switch (launchConfigurations.getOrDefault(lc.name(),
                        new LaunchConfigurationFacts.Missing())) {
                    case LaunchConfigurationFacts.Found found -> outcome(found.options());
                    case LaunchConfigurationFacts.Missing missing -> Outcome.UNSAFE;
                    case LaunchConfigurationFacts.Unavailable unavailable -> Outcome.UNKNOWN;
                });
            }
            case LaunchSource.Templates refs -> refs.refs().forEach(ref -> outcomes.add(outcome(ref)));
        }
        if (outcomes.contains(Outcome.UNSAFE)) {
            return Optional.of(Compliance.NON_COMPLIANT);
        }
        if (outcomes.contains(Outcome.UNKNOWN)) {
            return Optional.empty();
        }
        return Optional.of(Compliance.COMPLIANT);
    }

    /** Does the version this reference launches (as the parameters judge it) require IMDSv2? */
    public Outcome outcome(LaunchTemplateRef ref) {
        Template template = find(ref);
        if (template == null || template.state() == State.MISSING) {
            return Outcome.UNSAFE;
        }
        if (template.state() == State.UNAVAILABLE) {
            return Outcome.UNKNOWN;
        }
        VersionSpec version = switch (parameters.versionToJudge()) {
            case REFERENCED -> ref.version();
            case LATEST -> VersionSpec.LATEST;
            case DEFAULT -> VersionSpec.DEFAULT;
        };
        long number = switch (version) {
            case VersionSpec.Latest latest -> template.latest();
            case VersionSpec.Default byDefault -> template.byDefault();
            case VersionSpec.Pinned pinned -> pinned.number();
        };
        MetadataOptions options = template.versions().get(number);
        return options == null ? Outcome.UNSAFE : outcome(options);
    }

    private Outcome outcome(MetadataOptions options) {
        if ("disabled".equals(options.httpEndpoint())) {
            return parameters.httpEndpointDisabled() == Parameters.EndpointDisabled.COMPLIANT
                    ? Outcome.SAFE : Outcome.UNSAFE;
        }
        String tokens = options.httpTokens();
        if (tokens == null && parameters.accountDefaults() == Parameters.AccountDefaults.HONOR) {
                return switch (accountDefault) {
                case AccountDefault.Known known -> known.httpTokens().filter("required"::equals).isPresent()
                        ? Outcome.SAFE : Outcome.UNSAFE;
                case AccountDefault.Unavailable unavailable -> Outcome.UNKNOWN;
                case AccountDefault.NotConsulted notConsulted -> throw new AssertionError("HONOR, not consulted");
            };
        }
        return "required".equals(tokens) ? Outcome.SAFE : Outcome.UNSAFE;
    }

    /** One launchable version: requires IMDSv2, does not, or cannot be known. */
    public enum Outcome { SAFE, UNSAFE, UNKNOWN }
}
