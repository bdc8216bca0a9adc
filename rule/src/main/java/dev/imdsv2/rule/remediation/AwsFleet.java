package dev.imdsv2.rule.remediation;

import dev.imdsv2.rule.aws.AutoScalingApi;
import dev.imdsv2.rule.aws.AwsCallFailedException;
import dev.imdsv2.rule.aws.Ec2ErrorCodes;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.VersionSpec;
import dev.imdsv2.rule.remediation.GroupLaunches.RunningInstance;
import dev.imdsv2.rule.remediation.GroupLaunches.Slot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplate;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptions;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * {@link Fleet} through the SDK's EC2 and Auto Scaling clients. Keeps each
 * group it described, so an update rewrites the mixed-instances overrides
 * exactly as they were, apart from the versions it moves.
 */
public final class AwsFleet implements Fleet {

    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final Map<String, software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup> described =
            new HashMap<>();

    public AwsFleet(Ec2Client ec2, AutoScalingClient autoScaling) {
        this.ec2 = ec2;
        this.autoScaling = autoScaling;
    }

    @Override
    public GroupLaunches group(String name) {
        List<software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup> found;
        try {
            found = autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups();
        } catch (SdkException e) {
            throw new PlanException("autoscaling:DescribeAutoScalingGroups failed for group " + name + ": "
                    + reason(e), e);
        }
        if (found.isEmpty()) {
            throw new PlanException("no Auto Scaling group named '" + name + "' in this account and region");
        }
        var group = found.getFirst();
        described.put(group.autoScalingGroupName(), group);
        return launches(group);
    }

    @Override
    public List<TemplateState> templates(GroupLaunches group) {
        Map<String, LaunchTemplateRef> templates = new LinkedHashMap<>();
        Map<String, Set<String>> versions = new LinkedHashMap<>();
        List<LaunchTemplateRef> refs = new ArrayList<>(group.slots().stream().map(Slot::ref).toList());
        group.instances().stream().map(RunningInstance::launchedFrom).filter(r -> r != null).forEach(refs::add);
        for (LaunchTemplateRef ref : refs) {
            String key = ref.id() != null ? "id:" + ref.id() : "name:" + ref.name();
            templates.putIfAbsent(key, ref);
            Set<String> wanted = versions.computeIfAbsent(key,
                    k -> new LinkedHashSet<>(List.of("$Latest", "$Default")));
            if (ref.version() instanceof VersionSpec.Pinned pinned) {
                wanted.add(pinned.toString());
            }
        }
        List<TemplateState> states = new ArrayList<>();
        for (var entry : templates.entrySet()) {
            if (states.stream().anyMatch(s -> s.isNamedBy(entry.getValue()))) {
                continue; // named once by id and once by name
            }
            states.add(state(entry.getValue(), versions.get(entry.getKey())));
        }
        return states;
    }

    @Override
    public List<AutoScalingGroup> allGroups() {
        try {
            return new AutoScalingApi(autoScaling).all();
        } catch (AwsCallFailedException e) {
            throw new PlanException("cannot list the region's groups to find those sharing a template: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public long createVersion(String templateId, long sourceVersion, MetadataSettings metadata, String description,
                              String clientToken) {
        var created = ec2.createLaunchTemplateVersion(r -> r
                .launchTemplateId(templateId)
                .sourceVersion(Long.toString(sourceVersion))
                .versionDescription(description)
                .clientToken(clientToken)
                .launchTemplateData(data -> data.metadataOptions(request(metadata))));
        return created.launchTemplateVersion().versionNumber();
    }

    @Override
    public void setDefault(String templateId, long version) {
        // A token of our own instead of the SDK's random one: a retried call is recognised as the same request.
        ec2.modifyLaunchTemplate(r -> r
                .launchTemplateId(templateId)
                .defaultVersion(Long.toString(version))
                .clientToken(Planner.token(templateId, version, MetadataSettings.UNSET, "default")));
    }

    @Override
    public void updateGroup(String groupName, Map<Position, Long> versions) {
        var group = described.get(groupName);
        if (group == null) {
            throw new IllegalStateException("group " + groupName + " was never described");
        }
        UpdateAutoScalingGroupRequest.Builder request = UpdateAutoScalingGroupRequest.builder()
                .autoScalingGroupName(groupName);
        Long direct = versions.get(new Position.LaunchTemplate());
        if (direct != null) {
            request.launchTemplate(withVersion(group.launchTemplate(), direct));
        }
        if (versions.keySet().stream().anyMatch(p -> !(p instanceof Position.LaunchTemplate))) {
            request.mixedInstancesPolicy(mixed(group.mixedInstancesPolicy().launchTemplate(), versions));
        }
        autoScaling.updateAutoScalingGroup(request.build());
    }

    @Override
    public String startRefresh(String groupName) {
        return autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(groupName)).instanceRefreshId();
    }

    /**
     * Only the parts that move are sent: the base alone when only it moves;
     * the whole override list when any override moves, since Auto Scaling
     * replaces the list as a whole. Instance types, weights and instance
     * requirements are sent back exactly as described.
     */
    private static MixedInstancesPolicy mixed(LaunchTemplate current, Map<Position, Long> versions) {
        LaunchTemplate.Builder template = LaunchTemplate.builder();
        Long base = versions.get(new Position.MixedBase());
        if (base != null) {
            template.launchTemplateSpecification(withVersion(current.launchTemplateSpecification(), base));
        }
        boolean overridesMove = versions.keySet().stream().anyMatch(p -> p instanceof Position.OverrideEntry);
        if (overridesMove) {
            List<LaunchTemplateOverrides> overrides = new ArrayList<>();
            for (int i = 0; i < current.overrides().size(); i++) {
                LaunchTemplateOverrides override = current.overrides().get(i);
                LaunchTemplateSpecification spec = override.launchTemplateSpecification();
                if (spec == null) {
                    overrides.add(override);
                    continue;
                }
                // Described specifications carry both id and name; the update takes one of them.
                Long moved = movedOverride(versions, i);
                overrides.add(override.toBuilder()
                        .launchTemplateSpecification(moved == null ? named(spec, spec.version()) : named(spec,
                                Long.toString(moved)))
                        .build());
            }
            template.overrides(overrides);
        }
        return MixedInstancesPolicy.builder().launchTemplate(template.build()).build();
    }

    private static Long movedOverride(Map<Position, Long> versions, int index) {
        return versions.entrySet().stream()
                .filter(e -> e.getKey() instanceof Position.OverrideEntry o && o.index() == index)
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** The same template, by id when known (else by name), at another version. */
    private static LaunchTemplateSpecification withVersion(LaunchTemplateSpecification spec, long version) {
        return named(spec, Long.toString(version));
    }

    private static LaunchTemplateSpecification named(LaunchTemplateSpecification spec, String version) {
        return LaunchTemplateSpecification.builder()
                .launchTemplateId(spec.launchTemplateId())
                .launchTemplateName(spec.launchTemplateId() == null ? spec.launchTemplateName() : null)
                .version(version)
                .build();
    }

    private TemplateState state(LaunchTemplateRef ref, Set<String> wanted) {
        List<LaunchTemplateVersion> found = describe(ref, List.copyOf(wanted));
        String id = found.getFirst().launchTemplateId();
        String name = found.getFirst().launchTemplateName();
        Map<Long, MetadataSettings> settings = new HashMap<>();
        long latest = 0;
        long byDefault = 0;
        String latestDescription = null;
        for (LaunchTemplateVersion v : found) {
            settings.put(v.versionNumber(), settings(v.launchTemplateData() == null
                    ? null : v.launchTemplateData().metadataOptions()));
            if (v.versionNumber() > latest) {
                latest = v.versionNumber();
                latestDescription = v.versionDescription();
            }
            if (Boolean.TRUE.equals(v.defaultVersion())) {
                byDefault = v.versionNumber();
            }
        }
        OptionalLong before = Planner.latestBeforeInterruptedRun(latestDescription);
        if (before.isPresent() && !settings.containsKey(before.getAsLong())) {
            var earlier = describe(new LaunchTemplateRef(id, name, null), List.of(Long.toString(before.getAsLong())));
            earlier.forEach(v -> settings.put(v.versionNumber(), settings(v.launchTemplateData() == null
                    ? null : v.launchTemplateData().metadataOptions())));
        }
        return new TemplateState(id, name, latest, byDefault, settings, before);
    }

    private List<LaunchTemplateVersion> describe(LaunchTemplateRef ref, List<String> versions) {
        try {
            List<LaunchTemplateVersion> found = new ArrayList<>();
            var pages = ec2.describeLaunchTemplateVersionsPaginator(r -> r
                    .launchTemplateId(ref.id())
                    .launchTemplateName(ref.id() == null ? ref.name() : null)
                    .versions(versions));
            pages.forEach(page -> found.addAll(page.launchTemplateVersions()));
            if (found.isEmpty()) {
                throw new PlanException("launch template " + ref.label() + " returned no versions");
            }
            return found;
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (Ec2ErrorCodes.TEMPLATE_NOT_FOUND.contains(code)) {
                throw new PlanException("launch template " + ref.label() + " was not found", e);
            }
            if (Ec2ErrorCodes.VERSION_NOT_FOUND.equals(code)) {
                throw new PlanException("launch template " + ref.label() + " lacks one of versions "
                        + String.join(", ", versions) + " (" + code + ")", e);
            }
            throw new PlanException("ec2:DescribeLaunchTemplateVersions failed for " + ref.label() + ": "
                    + reason(e), e);
        } catch (SdkException e) {
            throw new PlanException("ec2:DescribeLaunchTemplateVersions failed for " + ref.label() + ": "
                    + reason(e), e);
        }
    }

    private static MetadataSettings settings(LaunchTemplateInstanceMetadataOptions o) {
        if (o == null) {
            return MetadataSettings.UNSET;
        }
        return new MetadataSettings(o.httpTokensAsString(), o.httpEndpointAsString(), o.httpPutResponseHopLimit(),
                o.httpProtocolIpv6AsString(), o.instanceMetadataTagsAsString());
    }

    private static LaunchTemplateInstanceMetadataOptionsRequest request(MetadataSettings m) {
        return LaunchTemplateInstanceMetadataOptionsRequest.builder()
                .httpTokens(m.httpTokens())
                .httpEndpoint(m.httpEndpoint())
                .httpPutResponseHopLimit(m.httpPutResponseHopLimit())
                .httpProtocolIpv6(m.httpProtocolIpv6())
                .instanceMetadataTags(m.instanceMetadataTags())
                .build();
    }

    private static GroupLaunches launches(software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup g) {
        List<Slot> slots = new ArrayList<>();
        if (g.launchTemplate() != null) {
            slots.add(new Slot(new Position.LaunchTemplate(), ref(g.launchTemplate())));
        }
        LaunchTemplate mixed = g.mixedInstancesPolicy() == null ? null : g.mixedInstancesPolicy().launchTemplate();
        if (mixed != null) {
            if (mixed.launchTemplateSpecification() != null) {
                slots.add(new Slot(new Position.MixedBase(), ref(mixed.launchTemplateSpecification())));
            }
            for (int i = 0; i < mixed.overrides().size(); i++) {
                LaunchTemplateOverrides override = mixed.overrides().get(i);
                if (override.launchTemplateSpecification() != null) {
                    slots.add(new Slot(new Position.OverrideEntry(i, override.instanceType()),
                            ref(override.launchTemplateSpecification())));
                }
            }
        }
        List<RunningInstance> instances = new ArrayList<>();
        for (Instance instance : g.instances()) {
            instances.add(new RunningInstance(instance.instanceId(),
                    instance.launchTemplate() == null ? null : ref(instance.launchTemplate())));
        }
        return new GroupLaunches(g.autoScalingGroupName(), g.autoScalingGroupARN(), slots,
                g.launchConfigurationName(), instances);
    }

    private static LaunchTemplateRef ref(LaunchTemplateSpecification spec) {
        return new LaunchTemplateRef(spec.launchTemplateId(), spec.launchTemplateName(),
                VersionSpec.parse(spec.version()));
    }

    static String reason(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
