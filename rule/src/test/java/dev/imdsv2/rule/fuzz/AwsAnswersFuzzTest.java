package dev.imdsv2.rule.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imdsv2.rule.Assessor;
import dev.imdsv2.rule.ImdsV2Rule;
import dev.imdsv2.rule.aws.AutoScalingApi;
import dev.imdsv2.rule.aws.ConfigHistory;
import dev.imdsv2.rule.aws.Ec2LaunchTemplates;
import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.AccountDefault;
import dev.imdsv2.rule.decision.Annotation;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Decision;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.Judge;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.Parameters;
import dev.imdsv2.rule.decision.VersionSpec;
import dev.imdsv2.rule.event.AutoScalingGroupJson;
import dev.imdsv2.rule.event.ConfigurationItem;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.event.ResourceTypes;
import dev.imdsv2.rule.event.RuleInvocation;
import dev.imdsv2.rule.event.Trigger;
import dev.imdsv2.rule.offline.ExportedAccount;
import dev.imdsv2.rule.properties.GeneratedAccount;
import dev.imdsv2.rule.properties.RecordingEvaluations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateOverrides;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.MixedInstancesPolicy;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptions;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

/**
 * The answers the rule reads from AWS, made hostile, each through the rule's
 * own handling of it (the SDK's parsing of the wire is the SDK's):
 * <ul>
 *   <li>an item from {@code GetResourceConfigHistory} for an oversized change,
 *       its {@code configuration} a fuzzed JSON string, through ConfigHistory and the rule;</li>
 *   <li>an AWS CLI export, fuzzed bytes, through ExportedAccount and the assessor;</li>
 *   <li>groups from {@code DescribeAutoScalingGroups}, SDK objects built from
 *       fuzz data, through AutoScalingApi and the judge;</li>
 *   <li>template versions from {@code DescribeLaunchTemplateVersions}, SDK
 *       objects and errors built from fuzz data, through Ec2LaunchTemplates' facts and the judge.</li>
 * </ul>
 * Acceptable: a decision, or the documented exceptions with a message. The
 * seeds are test-fixtures' answers.
 */
class AwsAnswersFuzzTest {

    private static final GeneratedAccount ACCOUNT =
            GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(8)));
    private static final String ARN = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "8e2d4b6a-1c3f-4e5a-8b7c-9d0e1f2a3b4c:autoScalingGroupName/batch-asg";
    private static final Instant CAPTURED = Instant.parse("2025-11-20T15:41:02.337Z");
    private static final Path EXPORT_DIR = exportDir();

    // --- GetResourceConfigHistory -------------------------------------------------------------

    @FuzzTest(maxDuration = "10m")
    void latest_whenHistoryItemIsHostile_judgesOrFailsCleanly(FuzzedDataProvider data) {
        String status = data.pickValue(new String[] {"OK", "ResourceDiscovered", "ResourceDeleted",
                "ResourceNotRecorded", "", "Unknown"});
        Instant captured = data.consumeBoolean() ? CAPTURED : null;
        Map<String, String> tags = new HashMap<>();
        if (data.consumeBoolean()) {
            tags.put("team", data.consumeBoolean() ? "data" : null);
        }
        String configuration = data.consumeRemainingAsString();
        var item = software.amazon.awssdk.services.config.model.ConfigurationItem.builder()
                .resourceType(ResourceTypes.AUTO_SCALING_GROUP)
                .resourceId(ARN)
                .resourceName("batch-asg")
                .configurationItemStatus(status)
                .configurationItemCaptureTime(captured)
                .configuration(configuration)
                .tags(tags)
                .build();
        ConfigClient config = SdkStubs.configAnswering(item);
        RecordingEvaluations evaluations = new RecordingEvaluations();
        RuleServices services = new RuleServices(ACCOUNT, ACCOUNT, ACCOUNT,
                new ConfigHistory(config, Json.mapper()), evaluations);
        ConfigurationItem summary = new ConfigurationItem(ResourceTypes.AUTO_SCALING_GROUP, ARN, "batch-asg",
                "OK", CAPTURED, null, Map.of());
        var invocation = new RuleInvocation(new Trigger.OversizedItemChanged(summary), Parameters.DEFAULTS,
                "token", false, "123456789012", "asg-imdsv2-required", null);
        try {
            new ImdsV2Rule().run(invocation, services);
        } catch (RuntimeException e) {
            HostileInput.refusedCleanly(e);
        }
        for (Evaluation evaluation : evaluations.put()) {
            assertThat(evaluation.resourceId()).isEqualTo(ARN);
            assertThat(evaluation.orderingTimestamp()).isNotNull();
            assertThat(evaluation.annotation()).hasSizeBetween(1, Annotation.MAX_LENGTH);
            if (evaluation.compliance() != Compliance.NOT_APPLICABLE || !isGone(status)) {
                var group = AutoScalingGroupJson.parse(readTree(configuration), ARN, Map.of());
                assertThat(Optional.of(evaluation.compliance())).isEqualTo(ACCOUNT.withParameters(
                        Parameters.DEFAULTS).expected(group));
            }
        }
    }

    private static boolean isGone(String status) {
        return status.equals("ResourceDeleted") || status.equals("ResourceNotRecorded");
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- an AWS CLI export ----------------------------------------------------------------------

    @FuzzTest(maxDuration = "10m")
    void read_whenExportIsHostile_judgesOrRefusesTheFile(byte[] export) {
        ExportedAccount account;
        try {
            Files.write(EXPORT_DIR.resolve("export.json"), export);
            account = ExportedAccount.read(EXPORT_DIR, Json.mapper());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            HostileInput.refusedCleanlyOrArgument(e);
            return;
        }
        for (Parameters parameters : List.of(Parameters.DEFAULTS, allJudged())) {
            var decisions = new Assessor(account.services(), parameters).assess(account.all(), true);
            decisions.forEach(AwsAnswersFuzzTest::assertSound);
        }
    }

    private static Parameters allJudged() {
        return new Parameters(Parameters.VersionToJudge.REFERENCED, Parameters.EndpointDisabled.NON_COMPLIANT,
                Parameters.AccountDefaults.HONOR, Parameters.LaunchConfigurations.EVALUATE,
                Optional.empty(), false, Optional.empty());
    }

    private static Path exportDir() {
        try {
            return Files.createTempDirectory("fuzzed-export");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- DescribeAutoScalingGroups -------------------------------------------------------------

    @FuzzTest(maxDuration = "10m")
    void all_whenDescribedGroupsAreHostile_judgesOrFailsCleanly(FuzzedDataProvider data) {
        List<software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup> page = new ArrayList<>();
        int count = data.consumeInt(1, 3);
        for (int i = 0; i < count; i++) {
            page.add(sdkGroup(data));
        }
        AutoScalingClient autoScaling = SdkStubs.autoScalingAnswering(page);
        List<AutoScalingGroup> groups;
        try {
            groups = new AutoScalingApi(autoScaling).all();
        } catch (RuntimeException e) {
            HostileInput.refusedCleanly(e);
            return;
        }
        GeneratedAccount account = ACCOUNT.withParameters(allJudged());
        RuleServices services = new RuleServices(account, account, account, null, new RecordingEvaluations());
        new Assessor(services, allJudged()).assess(groups, false).forEach((group, decision) -> {
            assertSound(group, decision);
            if (decision instanceof Decision.Verdict verdict) {
                assertThat(Optional.of(verdict.compliance())).isEqualTo(account.expected(group));
            }
        });
    }

    private static software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup sdkGroup(
            FuzzedDataProvider data) {
        var group = software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup.builder()
                .autoScalingGroupName(maybe(data, "asg-" + data.consumeInt(0, 9)))
                .autoScalingGroupARN(maybe(data, ARN + data.consumeString(4)))
                .launchConfigurationName(maybe(data, "lc-" + data.consumeString(4)));
        if (data.consumeBoolean()) {
            group.launchTemplate(spec(data));
        }
        if (data.consumeBoolean()) {
            List<LaunchTemplateOverrides> overrides = new ArrayList<>();
            int count = data.consumeInt(0, 4);
            for (int i = 0; i < count; i++) {
                overrides.add(LaunchTemplateOverrides.builder()
                        .instanceType("m5.large")
                        .launchTemplateSpecification(data.consumeBoolean() ? spec(data) : null)
                        .build());
            }
            group.mixedInstancesPolicy(MixedInstancesPolicy.builder()
                    .launchTemplate(software.amazon.awssdk.services.autoscaling.model.LaunchTemplate.builder()
                            .launchTemplateSpecification(data.consumeBoolean() ? spec(data) : null)
                            .overrides(overrides)
                            .build())
                    .build());
        }
        List<TagDescription> tags = new ArrayList<>();
        int tagCount = data.consumeInt(0, 2);
        for (int i = 0; i < tagCount; i++) {
            tags.add(TagDescription.builder()
                    .key(maybe(data, data.consumeBoolean() ? "imdsv2-exempt" : data.consumeString(6)))
                    .value(maybe(data, data.consumeString(6)))
                    .build());
        }
        return group.tags(tags).build();
    }

    private static LaunchTemplateSpecification spec(FuzzedDataProvider data) {
        GeneratedAccount.Template template = data.pickValue(ACCOUNT.templates());
        return LaunchTemplateSpecification.builder()
                .launchTemplateId(maybe(data, data.consumeBoolean() ? template.id() : data.consumeString(20)))
                .launchTemplateName(maybe(data, template.name()))
                .version(version(data))
                .build();
    }

    private static String version(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 5)) {
            case 0 -> "$Latest";
            case 1 -> "$Default";
            case 2 -> null;
            case 3 -> Integer.toString(data.consumeInt(-1, 7));
            default -> data.consumeString(20);
        };
    }

    private static String maybe(FuzzedDataProvider data, String value) {
        return data.consumeInt(0, 7) == 0 ? null : value;
    }

    // --- DescribeLaunchTemplateVersions --------------------------------------------------------

    @FuzzTest(maxDuration = "10m")
    void gather_whenTemplateVersionsAreHostile_judgesOrRecordsAGap(FuzzedDataProvider data) {
        List<LaunchTemplateRef> refs = new ArrayList<>();
        int count = data.consumeInt(1, 14);
        for (int i = 0; i < count; i++) {
            String id = data.consumeBoolean() ? "lt-" + data.consumeInt(0, 12) : null;
            String name = data.consumeBoolean() || id == null ? "t-" + data.consumeInt(0, 12) : null;
            refs.add(new LaunchTemplateRef(id, name, VersionSpec.parse(data.pickValue(
                    new String[] {"$Latest", "$Default", "1", "2", "3", "9"}))));
        }
        List<List<LaunchTemplateVersion>> pages = new ArrayList<>();
        int pageCount = data.consumeInt(1, 3);
        for (int p = 0; p < pageCount; p++) {
            List<LaunchTemplateVersion> versions = new ArrayList<>();
            int versionCount = data.consumeInt(0, 4);
            for (int i = 0; i < versionCount; i++) {
                versions.add(sdkVersion(data));
            }
            pages.add(versions);
        }
        String error = data.pickValue(new String[] {"", "", "", "InvalidLaunchTemplateId.NotFound",
                "InvalidLaunchTemplateId.VersionNotFound", "InvalidLaunchTemplateName.NotFoundException",
                "UnauthorizedOperation", "RequestLimitExceeded"});
        Set<String> failing = new LinkedHashSet<>();
        if (!error.isEmpty()) {
            failing.add(data.pickValue(new String[] {"*", "$Latest", "$Default", "1", "9"}));
        }
        Ec2Client ec2 = new Ec2Client() {
            @Override
            public DescribeLaunchTemplateVersionsResponse describeLaunchTemplateVersions(
                    DescribeLaunchTemplateVersionsRequest request) {
                if (failing.contains("*") || request.versions().stream().anyMatch(failing::contains)) {
                    throw (Ec2Exception) Ec2Exception.builder()
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode(error).errorMessage("fuzzed").build())
                            .statusCode(400)
                            .build();
                }
                int page = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
                return DescribeLaunchTemplateVersionsResponse.builder()
                        .launchTemplateVersions(pages.get(page))
                        .nextToken(page + 1 < pages.size() ? Integer.toString(page + 1) : null)
                        .build();
            }

            @Override
            public String serviceName() {
                return "ec2";
            }

            @Override
            public void close() {
            }
        };
        Parameters parameters = new Parameters(
                data.pickValue(Parameters.VersionToJudge.values()),
                data.pickValue(Parameters.EndpointDisabled.values()),
                data.pickValue(Parameters.AccountDefaults.values()),
                Parameters.LaunchConfigurations.NOT_APPLICABLE,
                Optional.empty(),
                false,
                Optional.empty());
        Evidence.Builder evidence = Evidence.builder();
        List<LaunchTemplateRef> judged = refs.stream().map(parameters::judged).distinct().toList();
        new Ec2LaunchTemplates(ec2).gather(judged, evidence, data.consumeBoolean());
        evidence.accountDefault(new AccountDefault.Known(Optional.of("required")));
        AutoScalingGroup group = new AutoScalingGroup("asg", ARN, new LaunchSource.Templates(refs), Map.of());

        assertSound(group, new Judge(parameters).decide(group, evidence.build()));
    }

    private static LaunchTemplateVersion sdkVersion(FuzzedDataProvider data) {
        var version = LaunchTemplateVersion.builder()
                .launchTemplateId(data.consumeBoolean() ? "lt-" + data.consumeInt(0, 12) : null)
                .launchTemplateName(data.consumeBoolean() ? "t-" + data.consumeInt(0, 12) : null)
                .versionNumber(data.consumeInt(0, 9) == 0 ? null : data.consumeLong(-1, 9))
                .defaultVersion(data.pickValue(new Boolean[] {Boolean.TRUE, Boolean.FALSE, null}));
        if (data.consumeInt(0, 5) != 0) {
            var options = LaunchTemplateInstanceMetadataOptions.builder()
                    .httpTokens(data.pickValue(new String[] {"required", "optional", "", "x"}))
                    .httpEndpoint(data.pickValue(new String[] {"enabled", "disabled", "", "x"}));
            version.launchTemplateData(ResponseLaunchTemplateData.builder()
                    .metadataOptions(data.consumeInt(0, 5) == 0 ? null : options.build())
                    .build());
        }
        return version.build();
    }

    // --- what every decision must be -----------------------------------------------------------

    private static void assertSound(AutoScalingGroup group, Decision decision) {
        assertThat(group.arn()).isNotBlank();
        switch (decision) {
            case Decision.Verdict verdict -> assertThat(verdict.annotation()).hasSizeBetween(1, Annotation.MAX_LENGTH);
            case Decision.Undecided undecided -> assertThat(undecided.gaps()).isNotEmpty();
        }
    }
}
