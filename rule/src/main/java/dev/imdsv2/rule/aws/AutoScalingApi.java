package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.Evidence.LaunchConfigurationFacts;
import dev.imdsv2.rule.decision.EvidenceGap;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.decision.VersionSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeLaunchConfigurationsRequest;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

/**
 * Lists groups with {@code autoscaling:DescribeAutoScalingGroups} in pages of
 * 100 (the API's maximum) and reads launch configurations 50 names a call.
 */
public final class AutoScalingApi implements AutoScalingGroups {

    static final String DESCRIBE_GROUPS = "autoscaling:DescribeAutoScalingGroups";
    static final String DESCRIBE_LAUNCH_CONFIGURATIONS = "autoscaling:DescribeLaunchConfigurations";
    private static final int NAMES_PER_CALL = 50;

    private final AutoScalingClient autoScaling;

    public AutoScalingApi(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    @Override
    public List<AutoScalingGroup> all() {
        List<AutoScalingGroup> groups = new ArrayList<>();
        try {
            var request = DescribeAutoScalingGroupsRequest.builder().maxRecords(100).build();
            for (var page : autoScaling.describeAutoScalingGroupsPaginator(request)) {
                page.autoScalingGroups().forEach(g -> groups.add(toGroup(g)));
            }
        } catch (SdkException e) {
            throw new AwsCallFailedException(Gaps.of(DESCRIBE_GROUPS, e), "listing the region's groups", e);
        } catch (IllegalArgumentException e) {
            throw new AwsCallFailedException(new EvidenceGap(DESCRIBE_GROUPS, "MalformedAnswer", e.getMessage()),
                    "listing the region's groups", e);
        }
        return groups;
    }

    @Override
    public void gatherLaunchConfigurations(Collection<String> names, Evidence.Builder evidence) {
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(names));
        for (int from = 0; from < all.size(); from += NAMES_PER_CALL) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + NAMES_PER_CALL));
            Map<String, LaunchConfigurationFacts> found = new HashMap<>();
            try {
                var request = DescribeLaunchConfigurationsRequest.builder().launchConfigurationNames(batch).build();
                for (var page : autoScaling.describeLaunchConfigurationsPaginator(request)) {
                    for (LaunchConfiguration lc : page.launchConfigurations()) {
                        found.put(lc.launchConfigurationName(), new LaunchConfigurationFacts.Found(metadata(lc)));
                    }
                }
            } catch (SdkException e) {
                var gap = new LaunchConfigurationFacts.Unavailable(Gaps.of(DESCRIBE_LAUNCH_CONFIGURATIONS, e));
                batch.forEach(name -> evidence.launchConfiguration(name, gap));
                continue;
            }
            // The API leaves out names it does not know rather than failing.
            batch.forEach(name -> evidence.launchConfiguration(name,
                    found.getOrDefault(name, new LaunchConfigurationFacts.Missing())));
        }
    }

    private static MetadataOptions metadata(LaunchConfiguration lc) {
        var o = lc.metadataOptions();
        return o == null ? MetadataOptions.UNSET : new MetadataOptions(o.httpTokensAsString(), o.httpEndpointAsString());
    }

    /**
     * The rule's view of a group as the API describes it.
     *
     * @throws IllegalArgumentException naming the group and the field when the
     *                                  answer lacks what every group has
     */
    static AutoScalingGroup toGroup(software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup g) {
        String arn = g.autoScalingGroupARN();
        if (arn == null || arn.isBlank()) {
            throw new IllegalArgumentException("group '" + g.autoScalingGroupName() + "' has no AutoScalingGroupARN");
        }
        List<LaunchTemplateRef> refs = new ArrayList<>();
        if (g.launchTemplate() != null) {
            refs.add(ref(g.launchTemplate(), arn));
        }
        var mixed = g.mixedInstancesPolicy() == null ? null : g.mixedInstancesPolicy().launchTemplate();
        if (mixed != null) {
            if (mixed.launchTemplateSpecification() != null) {
                refs.add(ref(mixed.launchTemplateSpecification(), arn));
            }
            for (LaunchTemplateOverrides override : mixed.overrides()) {
                if (override.launchTemplateSpecification() != null) {
                    refs.add(ref(override.launchTemplateSpecification(), arn));
                }
            }
        }
        if (refs.isEmpty() && g.launchConfigurationName() == null) {
            throw new IllegalArgumentException("group " + arn + " names neither a launch template"
                    + " nor a launch configuration");
        }
        LaunchSource source = refs.isEmpty()
                ? new LaunchSource.LaunchConfiguration(g.launchConfigurationName())
                : new LaunchSource.Templates(refs);
        Map<String, String> tags = new LinkedHashMap<>();
        for (TagDescription tag : g.tags()) {
            if (tag.key() != null) {
                tags.put(tag.key(), tag.value() == null ? "" : tag.value());
            }
        }
        return new AutoScalingGroup(g.autoScalingGroupName(), arn, source, tags);
    }

    private static LaunchTemplateRef ref(LaunchTemplateSpecification spec, String arn) {
        try {
            return new LaunchTemplateRef(spec.launchTemplateId(), spec.launchTemplateName(),
                    VersionSpec.parse(spec.version()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("group " + arn + ": " + e.getMessage(), e);
        }
    }
}
