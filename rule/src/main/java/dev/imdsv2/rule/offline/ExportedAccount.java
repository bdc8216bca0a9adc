package dev.imdsv2.rule.offline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.aws.AutoScalingGroups;
import dev.imdsv2.rule.aws.ConfigurationItems;
import dev.imdsv2.rule.aws.Evaluations;
import dev.imdsv2.rule.aws.LaunchTemplates;
import dev.imdsv2.rule.aws.MetadataDefaults;
import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.AccountDefault;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.Evidence.LaunchConfigurationFacts;
import dev.imdsv2.rule.decision.EvidenceGap;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.decision.TemplateFacts;
import dev.imdsv2.rule.decision.VersionSpec;
import dev.imdsv2.rule.event.AutoScalingGroupJson;
import dev.imdsv2.rule.event.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An account as the AWS CLI exported it to a folder of JSON files, read in
 * place of the live APIs. Each file is recognised by its top-level key, so
 * names do not matter: {@code AutoScalingGroups}, {@code LaunchTemplates},
 * {@code LaunchTemplateVersions}, {@code LaunchConfigurations},
 * {@code AccountLevel}. A template's versions are taken to be all it has, as
 * the README's export commands produce; what an export lacks is reported as a
 * gap, never guessed.
 */
public final class ExportedAccount implements LaunchTemplates, AutoScalingGroups, MetadataDefaults {

    private static final String SOURCE = "export";

    private final List<AutoScalingGroup> groups = new ArrayList<>();
    private final Map<String, Template> templatesById = new HashMap<>();
    private final Map<String, String> idByName = new HashMap<>();
    private final Map<String, MetadataOptions> launchConfigurations = new HashMap<>();
    private boolean launchConfigurationsExported;
    private Optional<AccountDefault> accountDefault = Optional.empty();

    private ExportedAccount() {
    }

    /** Reads every {@code *.json} file in the folder. @throws IllegalArgumentException naming a bad file */
    public static ExportedAccount read(Path dir, ObjectMapper mapper) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--from " + dir + " is not a folder");
        }
        ExportedAccount account = new ExportedAccount();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        boolean sawGroups = false;
        for (Path file : files) {
            JsonNode root;
            try {
                root = mapper.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException(file + " " + Json.whyUnreadable(e), e);
            }
            sawGroups |= account.load(file, root);
        }
        if (!sawGroups) {
            throw new IllegalArgumentException(dir + " holds no export of 'aws autoscaling describe-auto-scaling-groups'"
                    + " (a JSON file with an 'AutoScalingGroups' array)");
        }
        return account;
    }

    /** The rule's services over this export; reporting and item history are not part of an export. */
    public RuleServices services() {
        ConfigurationItems noHistory = (type, id) -> {
            throw new UnsupportedOperationException("an export has no configuration history");
        };
        Evaluations noReports = new Evaluations() {
            @Override
            public void put(List<Evaluation> evaluations, String resultToken, boolean testMode) {
                throw new UnsupportedOperationException("an export is read-only");
            }

            @Override
            public Map<String, Recorded> recorded(String configRuleName) {
                return Map.of();
            }
        };
        return new RuleServices(this, this, this, noHistory, noReports);
    }

    private boolean load(Path file, JsonNode root) {
        boolean groupsFile = false;
        if (root.has("AutoScalingGroups")) {
            for (JsonNode group : root.get("AutoScalingGroups")) {
                try {
                    groups.add(AutoScalingGroupJson.parse(group, null, Map.of()));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
            }
            groupsFile = true;
        }
        if (root.has("LaunchTemplates")) {
            for (JsonNode t : root.get("LaunchTemplates")) {
                Template template = template(t.path("LaunchTemplateId").asText(), t.path("LaunchTemplateName").asText());
                template.latest = number(t.get("LatestVersionNumber"), template.latest);
                template.byDefault = number(t.get("DefaultVersionNumber"), template.byDefault);
            }
        }
        if (root.has("LaunchTemplateVersions")) {
            for (JsonNode v : root.get("LaunchTemplateVersions")) {
                Template template = template(v.path("LaunchTemplateId").asText(), v.path("LaunchTemplateName").asText());
                long number = v.path("VersionNumber").asLong();
                JsonNode options = v.path("LaunchTemplateData").path("MetadataOptions");
                template.versions.put(number, metadata(options));
                if (v.path("DefaultVersion").asBoolean(false)) {
                    template.byDefault = OptionalLong.of(number);
                }
            }
        }
        if (root.has("LaunchConfigurations")) {
            launchConfigurationsExported = true;
            for (JsonNode lc : root.get("LaunchConfigurations")) {
                launchConfigurations.put(lc.path("LaunchConfigurationName").asText(), metadata(lc.path("MetadataOptions")));
            }
        }
        if (root.has("AccountLevel")) {
            JsonNode tokens = root.get("AccountLevel").get("HttpTokens");
            accountDefault = Optional.of(new AccountDefault.Known(
                    Optional.ofNullable(tokens).map(JsonNode::asText).filter(t -> !t.isEmpty())));
        }
        return groupsFile;
    }

    private Template template(String id, String name) {
        Template template = templatesById.computeIfAbsent(id, k -> new Template(id, name));
        if (!name.isEmpty()) {
            idByName.put(name, id);
        }
        return template;
    }

    private static OptionalLong number(JsonNode node, OptionalLong otherwise) {
        return node == null || !node.canConvertToLong() ? otherwise : OptionalLong.of(node.asLong());
    }

    private static MetadataOptions metadata(JsonNode options) {
        if (options == null || options.isMissingNode() || options.isNull()) {
            return MetadataOptions.UNSET;
        }
        return new MetadataOptions(textOrNull(options.get("HttpTokens")), textOrNull(options.get("HttpEndpoint")));
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    @Override
    public List<AutoScalingGroup> all() {
        return List.copyOf(groups);
    }

    @Override
    public void gatherLaunchConfigurations(Collection<String> names, Evidence.Builder evidence) {
        for (String name : names) {
            MetadataOptions options = launchConfigurations.get(name);
            LaunchConfigurationFacts facts;
            if (options != null) {
                facts = new LaunchConfigurationFacts.Found(options);
            } else if (launchConfigurationsExported) {
                facts = new LaunchConfigurationFacts.Missing();
            } else {
                facts = new LaunchConfigurationFacts.Unavailable(new EvidenceGap(SOURCE, "NotExported",
                        "no 'aws autoscaling describe-launch-configurations' export"));
            }
            evidence.launchConfiguration(name, facts);
        }
    }

    @Override
    public AccountDefault read() {
        return accountDefault.orElseGet(() -> new AccountDefault.Unavailable(new EvidenceGap(SOURCE, "NotExported",
                "no 'aws ec2 get-instance-metadata-defaults' export")));
    }

    @Override
    public void gather(Collection<LaunchTemplateRef> refs, Evidence.Builder evidence, boolean wholeAccount) {
        for (LaunchTemplateRef ref : refs) {
            String id = ref.id() != null ? ref.id() : idByName.get(ref.name());
            Template template = id == null ? null : templatesById.get(id);
            evidence.template(ref, template == null ? new TemplateFacts.Missing() : template.facts(ref.version()));
        }
    }

    /** One exported template and every version the export holds. */
    private static final class Template {
        final String id;
        final String name;
        OptionalLong latest = OptionalLong.empty();
        OptionalLong byDefault = OptionalLong.empty();
        final Map<Long, MetadataOptions> versions = new HashMap<>();

        Template(String id, String name) {
            this.id = id;
            this.name = name.isEmpty() ? null : name;
        }

        TemplateFacts facts(VersionSpec version) {
            OptionalLong newest = latest.isPresent() ? latest
                    : versions.keySet().stream().mapToLong(Long::longValue).max();
            long needed = switch (version) {
                case VersionSpec.Pinned pinned -> pinned.number();
                case VersionSpec.Latest l -> newest.orElse(-1);
                case VersionSpec.Default d -> byDefault.orElse(-1);
            };
            Set<Long> absent = new HashSet<>();
            if (version instanceof VersionSpec.Pinned && !versions.containsKey(needed)) {
                absent.add(needed);
            } else if (!versions.containsKey(needed)) {
                return new TemplateFacts.Unavailable(new EvidenceGap(SOURCE, "NotExported", "the " + version
                        + " version of " + id + " is not in the export; export all its versions with"
                        + " 'aws ec2 describe-launch-template-versions --launch-template-id " + id + "'"));
            }
            return new TemplateFacts.Found(id, name, newest, byDefault, versions, absent);
        }
    }
}
