package dev.imdsv2.rule.remediation;

import static dev.imdsv2.rule.remediation.AwsWrites.OPTIONAL_HOP2_TAGS;
import static dev.imdsv2.rule.remediation.AwsWrites.REQUIRED_HOP2_TAGS;
import static dev.imdsv2.rule.remediation.AwsWrites.directGroup;
import static dev.imdsv2.rule.remediation.AwsWrites.instance;
import static dev.imdsv2.rule.remediation.AwsWrites.mixedGroup;
import static dev.imdsv2.rule.remediation.AwsWrites.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.imdsv2.rule.aws.AwsClients;
import dev.imdsv2.rule.remediation.RemediationReport.Outcome;
import dev.imdsv2.rule.remediation.RemediationReport.Status;
import dev.imdsv2.rule.remediation.RemediationReport.StepResult;
import dev.imdsv2.rule.wire.FakeAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The remediation through the real EC2 and Auto Scaling clients against a
 * loopback AWS: the exact calls, in order, and the whole body of each write.
 */
class RemediationWireTest {

    static final String WEB_LT = "lt-0aaa0aaa0aaa0aaa0";
    static final String ARM_LT = "lt-0bbb0bbb0bbb0bbb0";
    static final MetadataSettings REQUIRED_HOP2 = new MetadataSettings("required", "enabled", 2, "disabled", "enabled");

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    private AwsWrites writes;
    private AwsClients clients;

    @BeforeEach
    void buildClients() {
        writes = new AwsWrites(aws);
        clients = AwsClients.fromEnvironment();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void pinnedGroup_getsACopyOfItsVersionWithTokensRequired_andIsMovedToIt() {
        pinnedToThree();
        writes.created(WEB_LT, 3, 8);
        writes.created(WEB_LT, 7, 9);
        writes.groupUpdated();

        RemediationReport report = run("web", false);

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(actions()).containsExactly(
                "DescribeAutoScalingGroups",
                "DescribeLaunchTemplateVersions",
                "DescribeAutoScalingGroups",
                "CreateLaunchTemplateVersion",
                "CreateLaunchTemplateVersion",
                "UpdateAutoScalingGroup");
        assertThat(aws.requests("DescribeLaunchTemplateVersions").getFirst().form()).containsExactly(
                entry("Action", "DescribeLaunchTemplateVersions"),
                entry("Version", "2016-11-15"),
                entry("LaunchTemplateId", WEB_LT),
                entry("LaunchTemplateVersion.1", "$Latest"),
                entry("LaunchTemplateVersion.2", "$Default"),
                entry("LaunchTemplateVersion.3", "3"));
        assertThat(aws.requests("CreateLaunchTemplateVersion").get(0).form()).containsExactlyInAnyOrderEntriesOf(
                Map.ofEntries(
                        entry("Action", "CreateLaunchTemplateVersion"),
                        entry("Version", "2016-11-15"),
                        entry("ClientToken", Planner.token(WEB_LT, 3, REQUIRED_HOP2, "copy")),
                        entry("LaunchTemplateId", WEB_LT),
                        entry("SourceVersion", "3"),
                        entry("VersionDescription", "IMDSv2 required (from version 3; $Latest was 7)"),
                        entry("LaunchTemplateData.MetadataOptions.HttpTokens", "required"),
                        entry("LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit", "2"),
                        entry("LaunchTemplateData.MetadataOptions.HttpEndpoint", "enabled"),
                        entry("LaunchTemplateData.MetadataOptions.HttpProtocolIpv6", "disabled"),
                        entry("LaunchTemplateData.MetadataOptions.InstanceMetadataTags", "enabled")));
        assertThat(aws.requests("CreateLaunchTemplateVersion").get(1).form())
                .contains(entry("SourceVersion", "7"),
                        entry("VersionDescription", "$Latest kept as version 7 (IMDSv2 remediation)"),
                        entry("LaunchTemplateData.MetadataOptions.HttpTokens", "optional"),
                        entry("LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit", "2"));
        assertThat(aws.requests("UpdateAutoScalingGroup").getFirst().form()).containsExactly(
                entry("Action", "UpdateAutoScalingGroup"),
                entry("Version", "2011-01-01"),
                entry("AutoScalingGroupName", "web"),
                entry("LaunchTemplate.LaunchTemplateId", WEB_LT),
                entry("LaunchTemplate.Version", "8"));
    }

    @Test
    void defaultGroup_getsANewDefault_andTheGroupIsNotUpdated() {
        writes.groups("web", directGroup("web", WEB_LT, "$Default", ""));
        writes.versions(WEB_LT, List.of("$Latest", "$Default"),
                version(WEB_LT, 7, false, REQUIRED_HOP2_TAGS, null),
                version(WEB_LT, 5, true, OPTIONAL_HOP2_TAGS, null));
        writes.created(WEB_LT, 5, 8);
        writes.created(WEB_LT, 7, 9);
        writes.defaultSet(WEB_LT, 8);

        RemediationReport report = run("web", false);

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(actions()).containsExactly(
                "DescribeAutoScalingGroups",
                "DescribeLaunchTemplateVersions",
                "DescribeAutoScalingGroups",
                "CreateLaunchTemplateVersion",
                "CreateLaunchTemplateVersion",
                "ModifyLaunchTemplate");
        assertThat(aws.requests("CreateLaunchTemplateVersion").get(1).form())
                .contains(entry("SourceVersion", "7"),
                        entry("LaunchTemplateData.MetadataOptions.HttpTokens", "required"));
        assertThat(aws.requests("ModifyLaunchTemplate").getFirst().form()).containsExactly(
                entry("Action", "ModifyLaunchTemplate"),
                entry("Version", "2016-11-15"),
                entry("ClientToken", Planner.token(WEB_LT, 8, MetadataSettings.UNSET, "default")),
                entry("LaunchTemplateId", WEB_LT),
                entry("SetDefaultVersion", "8"));
    }

    @Test
    void latestGroup_needsOnlyTheNewVersion() {
        writes.groups("web", directGroup("web", WEB_LT, "$Latest", ""));
        writes.versions(WEB_LT, List.of("$Latest", "$Default"),
                version(WEB_LT, 7, false, OPTIONAL_HOP2_TAGS, null),
                version(WEB_LT, 5, true, REQUIRED_HOP2_TAGS, null));
        writes.created(WEB_LT, 7, 8);

        RemediationReport report = run("web", false);

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(actions()).containsExactly(
                "DescribeAutoScalingGroups",
                "DescribeLaunchTemplateVersions",
                "DescribeAutoScalingGroups",
                "CreateLaunchTemplateVersion");
        assertThat(aws.requests("CreateLaunchTemplateVersion").getFirst().form())
                .contains(entry("SourceVersion", "7"),
                        entry("LaunchTemplateData.MetadataOptions.HttpTokens", "required"),
                        entry("LaunchTemplateData.MetadataOptions.InstanceMetadataTags", "enabled"));
    }

    @Test
    void mixedGroupWithSharedTemplates_isRefusedWithoutConsent_andChangesNothing() {
        mixedBatchSharingTemplates();

        RemediationReport report = run("batch", false);

        assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(report.message()).contains("api").doesNotContain("jobs");
        assertThat(actions()).containsExactly(
                "DescribeAutoScalingGroups",
                "DescribeLaunchTemplateVersions",
                "DescribeLaunchTemplateVersions",
                "DescribeAutoScalingGroups");
    }

    @Test
    void mixedGroupWithSharedTemplates_withConsent_movesBaseAndOverrideAndRewritesEveryOverride() {
        mixedBatchSharingTemplates();
        writes.created(WEB_LT, 3, 8);
        writes.created(WEB_LT, 7, 9);
        writes.created(ARM_LT, 4, 7);
        writes.created(ARM_LT, 6, 8);
        writes.defaultSet(ARM_LT, 7);
        writes.groupUpdated();

        RemediationReport report = new Remediation(fleet())
                .run(new RemediationRequest(AwsWrites.arn("batch"), false, false, true, false));

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(actions()).containsExactly(
                "DescribeAutoScalingGroups",
                "DescribeLaunchTemplateVersions",
                "DescribeLaunchTemplateVersions",
                "DescribeAutoScalingGroups",
                "CreateLaunchTemplateVersion",
                "CreateLaunchTemplateVersion",
                "CreateLaunchTemplateVersion",
                "CreateLaunchTemplateVersion",
                "ModifyLaunchTemplate",
                "UpdateAutoScalingGroup");
        assertThat(aws.requests("CreateLaunchTemplateVersion").stream().map(s -> s.form().get("LaunchTemplateId")
                + "@" + s.form().get("SourceVersion")).toList())
                .containsExactly(WEB_LT + "@3", WEB_LT + "@7", ARM_LT + "@4", ARM_LT + "@6");
        assertThat(aws.requests("ModifyLaunchTemplate").getFirst().form())
                .contains(entry("LaunchTemplateId", ARM_LT), entry("SetDefaultVersion", "7"));
        String prefix = "MixedInstancesPolicy.LaunchTemplate.";
        assertThat(aws.requests("UpdateAutoScalingGroup").getFirst().form()).containsExactly(
                entry("Action", "UpdateAutoScalingGroup"),
                entry("Version", "2011-01-01"),
                entry("AutoScalingGroupName", "batch"),
                entry(prefix + "LaunchTemplateSpecification.LaunchTemplateId", WEB_LT),
                entry(prefix + "LaunchTemplateSpecification.Version", "8"),
                entry(prefix + "Overrides.member.1.InstanceType", "m6i.large"),
                entry(prefix + "Overrides.member.2.InstanceType", "m6g.large"),
                entry(prefix + "Overrides.member.2.WeightedCapacity", "1"),
                entry(prefix + "Overrides.member.2.LaunchTemplateSpecification.LaunchTemplateId", ARM_LT),
                entry(prefix + "Overrides.member.2.LaunchTemplateSpecification.Version", "$Default"),
                entry(prefix + "Overrides.member.3.InstanceType", "c6g.xlarge"),
                entry(prefix + "Overrides.member.3.WeightedCapacity", "2"),
                entry(prefix + "Overrides.member.3.LaunchTemplateSpecification.LaunchTemplateId", ARM_LT),
                entry(prefix + "Overrides.member.3.LaunchTemplateSpecification.Version", "7"));
    }

    @Test
    void dryRun_readsButWritesNothing() {
        pinnedToThree();

        RemediationReport report = run("web", true);

        assertThat(report.outcome()).isEqualTo(Outcome.PLANNED);
        assertThat(report.plan().steps()).hasSize(3);
        assertThat(actions()).containsExactly(
                "DescribeAutoScalingGroups", "DescribeLaunchTemplateVersions", "DescribeAutoScalingGroups");
    }

    @Test
    void secondRun_afterApplying_findsNothingToDo_andListsNoGroups() {
        writes.groups("web", directGroup("web", WEB_LT, "8", ""));
        writes.versions(WEB_LT, List.of("$Latest", "$Default", "8"),
                version(WEB_LT, 9, false, OPTIONAL_HOP2_TAGS, "$Latest kept as version 7 (IMDSv2 remediation)"),
                version(WEB_LT, 5, true, OPTIONAL_HOP2_TAGS, null),
                version(WEB_LT, 8, false, REQUIRED_HOP2_TAGS, "IMDSv2 required (from version 3; $Latest was 7)"));

        RemediationReport report = run("web", false);

        assertThat(report.outcome()).isEqualTo(Outcome.NOTHING_TO_DO);
        assertThat(actions()).containsExactly("DescribeAutoScalingGroups", "DescribeLaunchTemplateVersions");
    }

    @Test
    void failurePartWay_saysWhatWasDone_andTheRerunReusesTheVersionAndCompletes() {
        pinnedToThree();
        writes.created(WEB_LT, 3, 8);
        writes.created(WEB_LT, 7, 9);
        writes.groupUpdateDenied();

        RemediationReport failed = run("web", false);

        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.results()).extracting(StepResult::status)
                .containsExactly(Status.DONE, Status.DONE, Status.FAILED);
        assertThat(failed.message()).contains("failed at step 3", "AccessDenied", "done: 1, 2", "not done: 3");
        String token = aws.requests("CreateLaunchTemplateVersion").getFirst().form().get("ClientToken");

        aws.reset();
        writes.groups("web", directGroup("web", WEB_LT, "3", ""));
        writes.versions(WEB_LT, List.of("$Latest", "$Default", "3"),
                version(WEB_LT, 9, false, OPTIONAL_HOP2_TAGS, "$Latest kept as version 7 (IMDSv2 remediation)"),
                version(WEB_LT, 5, true, OPTIONAL_HOP2_TAGS, null),
                version(WEB_LT, 3, false, OPTIONAL_HOP2_TAGS, null));
        writes.created(WEB_LT, 3, 8); // EC2 answers a used client token with the version it made then
        writes.groupUpdated();
        RemediationReport rerun = run("web", false);

        assertThat(rerun.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(rerun.results()).extracting(StepResult::status)
                .containsExactly(Status.DONE, Status.SKIPPED, Status.DONE);
        assertThat(rerun.results().getFirst().detail()).contains("already created");
        assertThat(aws.requests("CreateLaunchTemplateVersion")).singleElement()
                .satisfies(sent -> assertThat(sent.form()).containsEntry("ClientToken", token));
        assertThat(aws.requests("UpdateAutoScalingGroup").getFirst().form())
                .containsEntry("LaunchTemplate.Version", "8");
    }

    @Test
    void runInterruptedBeforeKeepingLatest_putsLatestBackOnItsSettings() {
        writes.groups("web", directGroup("web", WEB_LT, "3", ""));
        writes.versions(WEB_LT, List.of("$Latest", "$Default", "3"),
                version(WEB_LT, 8, false, REQUIRED_HOP2_TAGS, "IMDSv2 required (from version 3; $Latest was 7)"),
                version(WEB_LT, 5, true, OPTIONAL_HOP2_TAGS, null),
                version(WEB_LT, 3, false, OPTIONAL_HOP2_TAGS, null));
        writes.versions(WEB_LT, List.of("7"), version(WEB_LT, 7, false, OPTIONAL_HOP2_TAGS, null));
        writes.created(WEB_LT, 3, 8);
        writes.created(WEB_LT, 7, 9);
        writes.groupUpdated();

        RemediationReport report = run("web", false);

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(aws.requests("CreateLaunchTemplateVersion").stream().map(s -> s.form().get("SourceVersion")))
                .containsExactly("3", "7");
        assertThat(report.results().get(1).status()).isEqualTo(Status.DONE);
    }

    @Test
    void refresh_startsWhenAnInstanceRunsAVersionWithoutTokens() {
        writes.groups("web", directGroup("web", WEB_LT, "$Latest",
                instance("i-0old", WEB_LT, "6") + instance("i-0new", WEB_LT, "7")));
        writes.versions(WEB_LT, List.of("$Latest", "$Default", "6", "7"),
                version(WEB_LT, 7, true, REQUIRED_HOP2_TAGS, null),
                version(WEB_LT, 6, false, OPTIONAL_HOP2_TAGS, null));
        writes.refreshStarted("08b91cf7-8fa6-48af-b6a6-d227f40f1b9b");

        RemediationReport report = new Remediation(fleet())
                .run(new RemediationRequest("web", false, true, false, false));

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(aws.requests("StartInstanceRefresh").getFirst().form()).containsExactly(
                entry("Action", "StartInstanceRefresh"),
                entry("Version", "2011-01-01"),
                entry("AutoScalingGroupName", "web"));
        assertThat(report.results().getFirst().detail()).contains("08b91cf7");
    }

    @Test
    void recreatedGroup_isNotTouched() {
        pinnedToThree();

        RemediationReport report = new Remediation(fleet()).run(new RemediationRequest(
                AwsWrites.arn("web").replace("5f1c2a9e", "0000aaaa"), false, false, false, false));

        assertThat(report.outcome()).isEqualTo(Outcome.NOT_PLANNED);
        assertThat(report.message()).contains("recreated");
        assertThat(actions()).containsExactly("DescribeAutoScalingGroups");
    }

    private void pinnedToThree() {
        writes.groups("web", directGroup("web", WEB_LT, "3", ""), directGroup("jobs", WEB_LT, "2", ""));
        writes.versions(WEB_LT, List.of("$Latest", "$Default", "3"),
                version(WEB_LT, 7, false, OPTIONAL_HOP2_TAGS, null),
                version(WEB_LT, 5, true, OPTIONAL_HOP2_TAGS, null),
                version(WEB_LT, 3, false, OPTIONAL_HOP2_TAGS, null));
    }

    /**
     * batch: base web template pinned to 3; overrides m6i.large (base template),
     * m6g.large (arm template, $Default = 4) and c6g.xlarge (arm template pinned
     * to 4). web launches web's $Latest, api arm's $Default, jobs web's 2.
     */
    static void mixedBatchSharingTemplates(AwsWrites writes) {
        writes.groups("batch",
                mixedGroup("batch", WEB_LT, "3", List.of(
                        new String[] {"m6i.large"},
                        new String[] {"m6g.large", ARM_LT, "$Default", "1"},
                        new String[] {"c6g.xlarge", ARM_LT, "4", "2"})),
                directGroup("web", WEB_LT, "$Latest", ""),
                directGroup("api", ARM_LT, "$Default", ""),
                directGroup("jobs", WEB_LT, "2", ""));
        writes.versions(WEB_LT, List.of("$Latest", "$Default", "3"),
                version(WEB_LT, 7, false, REQUIRED_HOP2_TAGS, null),
                version(WEB_LT, 5, true, OPTIONAL_HOP2_TAGS, null),
                version(WEB_LT, 3, false, OPTIONAL_HOP2_TAGS, null));
        writes.versions(ARM_LT, List.of("$Latest", "$Default", "4"),
                version(ARM_LT, 6, false, REQUIRED_HOP2_TAGS, null),
                version(ARM_LT, 4, true, "<httpTokens>optional</httpTokens><httpPutResponseHopLimit>1"
                        + "</httpPutResponseHopLimit>", null));
    }

    private void mixedBatchSharingTemplates() {
        mixedBatchSharingTemplates(writes);
    }

    private RemediationReport run(String group, boolean dryRun) {
        return new Remediation(fleet()).run(new RemediationRequest(group, dryRun, false, false, false));
    }

    private AwsFleet fleet() {
        return new AwsFleet(clients.ec2(), clients.autoScaling());
    }

    private List<String> actions() {
        return aws.requests().stream().map(FakeAws.Sent::action).toList();
    }
}
