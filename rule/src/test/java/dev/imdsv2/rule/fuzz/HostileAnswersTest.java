package dev.imdsv2.rule.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imdsv2.rule.aws.AutoScalingApi;
import dev.imdsv2.rule.aws.AwsCallFailedException;
import dev.imdsv2.rule.aws.ConfigHistory;
import dev.imdsv2.rule.aws.Ec2LaunchTemplates;
import dev.imdsv2.rule.decision.Annotation;
import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.decision.TemplateFacts;
import dev.imdsv2.rule.decision.VersionSpec;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.event.ResourceTypes;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.config.model.ConfigurationItem;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsResponse;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * What the fuzzers found, each as a plain example: the answer that once
 * crashed the rule or bent its verdict, and what it does with it now.
 */
class HostileAnswersTest {

    private static final String ARN = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "5f1c2a9e-7b3d-4c1e-9a0f-1d2e3f4a5b6c:autoScalingGroupName/web-asg";

    @Test
    void fit_whenTheCutWouldSplitASurrogatePair_keepsThePairWhole() {
        String text = "a".repeat(252) + "\uD83D\uDE00" + "b".repeat(10);

        String fitted = Annotation.fit(text);

        assertThat(fitted).hasSizeLessThanOrEqualTo(Annotation.MAX_LENGTH).endsWith("a...");
        assertThat(WellFormed.isWellFormed(fitted)).isTrue();
    }

    @Test
    void gather_whenAnswerMarksNoDefaultVersion_recordsAGapNotAVerdict() {
        Ec2Client ec2 = ec2Answering(LaunchTemplateVersion.builder()
                .launchTemplateId("lt-1").launchTemplateName("web").versionNumber(3L).defaultVersion(false).build());
        var ref = new LaunchTemplateRef("lt-1", "web", VersionSpec.DEFAULT);
        Evidence.Builder evidence = Evidence.builder();

        new Ec2LaunchTemplates(ec2).gather(List.of(ref), evidence, false);

        assertThat(evidence.build().template(ref)).isInstanceOfSatisfying(TemplateFacts.Unavailable.class,
                gap -> assertThat(gap.gap().errorCode()).isEqualTo("IncompleteAnswer"));
    }

    @Test
    void gather_whenAnswerHasNoIdsOrVersionNumbers_keepsTheTemplateAskedFor() {
        Ec2Client ec2 = ec2Answering(
                LaunchTemplateVersion.builder().versionNumber(null).defaultVersion(true).build(),
                LaunchTemplateVersion.builder().versionNumber(2L).defaultVersion(true).build());
        var ref = new LaunchTemplateRef(null, "web", VersionSpec.DEFAULT);
        Evidence.Builder evidence = Evidence.builder();

        new Ec2LaunchTemplates(ec2).gather(List.of(ref), evidence, false);

        assertThat(evidence.build().template(ref)).isInstanceOfSatisfying(TemplateFacts.Found.class, found -> {
            assertThat(found.name()).isEqualTo("web");
            assertThat(found.byDefault()).hasValue(2);
        });
    }

    @Test
    void template_whenAStaleIdSharesANameWithALiveTemplate_eachReferenceReadsWhatItAskedFor() {
        var stale = new LaunchTemplateRef("lt-gone", "web", VersionSpec.LATEST);
        var byName = new LaunchTemplateRef(null, "web", VersionSpec.LATEST);
        var live = new TemplateFacts.Found("lt-live", "web", OptionalLong.of(2), OptionalLong.of(2),
                Map.of(2L, new MetadataOptions("required", null)), Set.of());

        Evidence nameFirst = Evidence.builder()
                .template(byName, live).template(stale, new TemplateFacts.Missing()).build();
        Evidence idFirst = Evidence.builder()
                .template(stale, new TemplateFacts.Missing()).template(byName, live).build();

        for (Evidence evidence : List.of(nameFirst, idFirst)) {
            assertThat(evidence.template(stale)).isInstanceOf(TemplateFacts.Missing.class);
            assertThat(evidence.template(byName)).isEqualTo(live);
        }
    }

    @Test
    void template_whenThePinnedCallFailsAfterTheListingFoundTheTemplate_theNameReferenceHasNoVerdict() {
        var byName = new LaunchTemplateRef(null, "web", new VersionSpec.Pinned(1));
        var listed = new TemplateFacts.Found("lt-1", "web", OptionalLong.of(4), OptionalLong.of(2),
                Map.of(2L, MetadataOptions.UNSET, 4L, MetadataOptions.UNSET), Set.of());
        var throttled = new TemplateFacts.Unavailable(new dev.imdsv2.rule.decision.EvidenceGap(
                "ec2:DescribeLaunchTemplateVersions", "RequestLimitExceeded", "Request limit exceeded."));

        Evidence evidence = Evidence.builder()
                .template(byName, listed)
                .template(new LaunchTemplateRef("lt-1", "web", VersionSpec.DEFAULT), throttled)
                .build();

        assertThat(evidence.template(byName)).isEqualTo(throttled);
    }

    @Test
    void template_whenAPinnedCallAddsToATemplateAskedByName_theNameReferenceSeesTheAddedVersion() {
        // The account-wide listing resolved name t-6 to lt-0, whose facts already carry the name t-0.
        var earlier = new LaunchTemplateRef("lt-0", "t-0", VersionSpec.LATEST);
        var byName = new LaunchTemplateRef(null, "t-6", new VersionSpec.Pinned(1));
        var listed = new TemplateFacts.Found("lt-0", "t-0", OptionalLong.of(8), OptionalLong.empty(),
                Map.of(8L, MetadataOptions.UNSET), Set.of());
        var pinned = new TemplateFacts.Found("lt-0", "t-6", OptionalLong.empty(), OptionalLong.empty(),
                Map.of(1L, new MetadataOptions("required", null)), Set.of());

        Evidence evidence = Evidence.builder()
                .template(earlier, listed)
                .template(byName, listed)
                .template(new LaunchTemplateRef("lt-0", "t-6", VersionSpec.DEFAULT), pinned)
                .build();

        assertThat(evidence.template(byName)).isInstanceOfSatisfying(TemplateFacts.Found.class,
                found -> assertThat(found.versions()).containsKeys(1L, 8L));
    }

    @Test
    void all_whenAGroupHasNoArn_failsTheListingNamingTheGroup() {
        AutoScalingClient autoScaling = SdkStubs.autoScalingAnswering(
                software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup.builder()
                        .autoScalingGroupName("web-asg")
                        .launchTemplate(LaunchTemplateSpecification.builder().launchTemplateId("lt-1").build())
                        .build());

        assertThatThrownBy(() -> new AutoScalingApi(autoScaling).all())
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageContaining("MalformedAnswer")
                .hasMessageContaining("group 'web-asg' has no AutoScalingGroupARN");
    }

    @Test
    void all_whenATagHasNoKey_dropsThatTag() {
        AutoScalingClient autoScaling = SdkStubs.autoScalingAnswering(
                software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup.builder()
                        .autoScalingGroupName("web-asg")
                        .autoScalingGroupARN(ARN)
                        .launchConfigurationName("legacy-lc")
                        .tags(software.amazon.awssdk.services.autoscaling.model.TagDescription.builder()
                                .value("orphan").build())
                        .build());

        assertThat(new AutoScalingApi(autoScaling).all()).singleElement()
                .satisfies(group -> assertThat(group.tags()).isEmpty());
    }

    @Test
    void latest_whenHistoryItemHasNoStatus_failsTheCallNamingTheField() {
        ConfigHistory history = new ConfigHistory(
                SdkStubs.configAnswering(item().configurationItemStatus((String) null).build()), Json.mapper());

        assertThatThrownBy(() -> history.latest(ResourceTypes.AUTO_SCALING_GROUP, ARN))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageContaining("MalformedItem")
                .hasMessageContaining("configurationItemStatus");
    }

    @Test
    void latest_whenHistoryTagsHoldNulls_dropsThoseTags() {
        Map<String, String> tags = new HashMap<>();
        tags.put("team", "data");
        tags.put("broken", null);
        ConfigHistory history = new ConfigHistory(SdkStubs.configAnswering(item().tags(tags).build()), Json.mapper());

        assertThat(history.latest(ResourceTypes.AUTO_SCALING_GROUP, ARN).tags()).isEqualTo(Map.of("team", "data"));
    }

    private static ConfigurationItem.Builder item() {
        return ConfigurationItem.builder()
                .resourceType(ResourceTypes.AUTO_SCALING_GROUP)
                .resourceId(ARN)
                .configurationItemStatus("OK")
                .configurationItemCaptureTime(Instant.parse("2025-11-20T15:41:02.337Z"))
                .configuration("{}");
    }

    private static Ec2Client ec2Answering(LaunchTemplateVersion... versions) {
        return new Ec2Client() {
            @Override
            public DescribeLaunchTemplateVersionsResponse describeLaunchTemplateVersions(
                    DescribeLaunchTemplateVersionsRequest request) {
                return DescribeLaunchTemplateVersionsResponse.builder().launchTemplateVersions(versions).build();
            }

            @Override
            public String serviceName() {
                return "ec2";
            }

            @Override
            public void close() {
            }
        };
    }

}
