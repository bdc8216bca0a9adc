package dev.imdsv2.rule.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.Evidence.LaunchConfigurationFacts;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.decision.VersionSpec;
import dev.imdsv2.rule.wire.FakeAws;
import dev.imdsv2.rule.wire.FakeAws.Answer;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Auto Scaling's Query API through the real client, against {@link FakeAws}. */
class AutoScalingApiWireTest {

    private static final String DESCRIBE_GROUPS = "DescribeAutoScalingGroups";
    private static final String DESCRIBE_LCS = "DescribeLaunchConfigurations";
    private static final String ARN_PREFIX = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:";

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    private AwsClients clients;
    private AutoScalingGroups groups;

    @BeforeEach
    void buildClients() {
        clients = AwsClients.fromEnvironment();
        groups = clients.services(new ObjectMapper()).groups();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void all_whenThreePages_asksHundredAPageAndReturnsEveryGroup() {
        stubThreePages();

        List<AutoScalingGroup> all = groups.all();

        assertThat(aws.requests(DESCRIBE_GROUPS)).extracting(FakeAws.Sent::form).containsExactly(
                Map.of("Action", DESCRIBE_GROUPS, "Version", "2011-01-01", "MaxRecords", "100"),
                Map.of("Action", DESCRIBE_GROUPS, "Version", "2011-01-01", "MaxRecords", "100",
                        "NextToken", "dGhlLXNlY29uZC1wYWdl"),
                Map.of("Action", DESCRIBE_GROUPS, "Version", "2011-01-01", "MaxRecords", "100",
                        "NextToken", "dGhlLXRoaXJkLXBhZ2U="));
        assertThat(all).extracting(AutoScalingGroup::name)
                .containsExactly("web-asg", "batch-asg", "legacy-asg", "api-asg");
        assertThat(all.getFirst()).isEqualTo(new AutoScalingGroup(
                "web-asg",
                ARN_PREFIX + "5f1c2a9e-7b3d-4c1e-9a0f-1d2e3f4a5b6c:autoScalingGroupName/web-asg",
                new LaunchSource.Templates(List.of(
                        new LaunchTemplateRef("lt-0123456789abcdef0", "web-template", VersionSpec.LATEST))),
                Map.of("team", "storefront", "env", "prod")));
        assertThat(all.get(1).source()).isEqualTo(new LaunchSource.Templates(List.of(
                new LaunchTemplateRef("lt-0123456789abcdef1", "batch-template", VersionSpec.DEFAULT),
                new LaunchTemplateRef("lt-0123456789abcdef2", "batch-arm-template", new VersionSpec.Pinned(3)),
                new LaunchTemplateRef(null, "batch-gpu-template", VersionSpec.LATEST))));
        assertThat(all.get(2).source()).isEqualTo(new LaunchSource.LaunchConfiguration("legacy-lc"));
        assertThat(all.get(3).tags()).isEmpty();
    }

    @Test
    void all_whenThrottledThenAnswered_retriesAndReturnsTheGroups() {
        aws.on(DESCRIBE_GROUPS).answer(
                Answer.error(400, "Throttling", "Rate exceeded"),
                Answer.file("autoscaling/describe-auto-scaling-groups-page-3-of-3.xml"));

        List<AutoScalingGroup> all = groups.all();

        assertThat(aws.requests(DESCRIBE_GROUPS)).extracting(FakeAws.Sent::answeredStatus).containsExactly(400, 200);
        assertThat(all).extracting(AutoScalingGroup::name).containsExactly("legacy-asg", "api-asg");
    }

    @Test
    void all_whenAccessDenied_throwsNamingTheCallAndCode() {
        aws.on(DESCRIBE_GROUPS).answer(Answer.error(403, "AccessDenied",
                "User: arn:aws:sts::123456789012:assumed-role/rule/fn is not authorized to perform:"
                        + " autoscaling:DescribeAutoScalingGroups"));

        assertThatThrownBy(groups::all)
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("autoscaling:DescribeAutoScalingGroups failed with AccessDenied")
                .satisfies(e -> assertThat(((AwsCallFailedException) e).gap().errorCode()).isEqualTo("AccessDenied"));
        assertThat(aws.count(DESCRIBE_GROUPS)).isEqualTo(1);
    }

    @Test
    void gatherLaunchConfigurations_whenOneNameIsUnknown_recordsFoundAndMissing() {
        aws.on(DESCRIBE_LCS).answer(Answer.file("autoscaling/describe-launch-configurations-legacy-lc.xml"));

        Evidence.Builder builder = Evidence.builder();
        groups.gatherLaunchConfigurations(List.of("legacy-lc", "gone-lc"), builder);
        Evidence evidence = builder.build();

        assertThat(aws.requests(DESCRIBE_LCS)).singleElement().satisfies(sent -> assertThat(sent.form())
                .isEqualTo(Map.of("Action", DESCRIBE_LCS, "Version", "2011-01-01",
                        "LaunchConfigurationNames.member.1", "legacy-lc",
                        "LaunchConfigurationNames.member.2", "gone-lc")));
        assertThat(evidence.launchConfiguration("legacy-lc"))
                .isEqualTo(new LaunchConfigurationFacts.Found(new MetadataOptions("optional", "enabled")));
        assertThat(evidence.launchConfiguration("gone-lc")).isInstanceOf(LaunchConfigurationFacts.Missing.class);
    }

    @Test
    void gatherLaunchConfigurations_whenMoreThanFiftyNames_asksFiftyACall() {
        aws.on(DESCRIBE_LCS).answer(Answer.file("autoscaling/describe-launch-configurations-legacy-lc.xml"));
        List<String> names = IntStream.rangeClosed(1, 51).mapToObj(i -> "lc-" + i).toList();

        Evidence.Builder builder = Evidence.builder();
        groups.gatherLaunchConfigurations(names, builder);

        assertThat(aws.requests(DESCRIBE_LCS)).extracting(s -> s.form().size() - 2).containsExactly(50, 1);
        assertThat(builder.build().launchConfiguration("lc-51")).isInstanceOf(LaunchConfigurationFacts.Missing.class);
    }

    @Test
    void gatherLaunchConfigurations_whenAccessDenied_recordsUnavailable() {
        aws.on(DESCRIBE_LCS).answer(Answer.error(403, "AccessDenied", "not authorized"));

        Evidence.Builder builder = Evidence.builder();
        groups.gatherLaunchConfigurations(List.of("legacy-lc"), builder);

        assertThat(builder.build().launchConfiguration("legacy-lc")).isInstanceOfSatisfying(
                LaunchConfigurationFacts.Unavailable.class, unavailable -> {
                    assertThat(unavailable.gap().call()).isEqualTo("autoscaling:DescribeLaunchConfigurations");
                    assertThat(unavailable.gap().errorCode()).isEqualTo("AccessDenied");
                });
    }

    private void stubThreePages() {
        aws.on(DESCRIBE_GROUPS).with("MaxRecords", "100").without("NextToken")
                .answer(Answer.file("autoscaling/describe-auto-scaling-groups-page-1-of-3.xml"));
        aws.on(DESCRIBE_GROUPS).with("MaxRecords", "100").with("NextToken", "dGhlLXNlY29uZC1wYWdl")
                .answer(Answer.file("autoscaling/describe-auto-scaling-groups-page-2-of-3.xml"));
        aws.on(DESCRIBE_GROUPS).with("MaxRecords", "100").with("NextToken", "dGhlLXRoaXJkLXBhZ2U=")
                .answer(Answer.file("autoscaling/describe-auto-scaling-groups-page-3-of-3.xml"));
    }
}
