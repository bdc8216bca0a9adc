package dev.imdsv2.rule.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.decision.AccountDefault;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.Evidence.LaunchConfigurationFacts;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.decision.TemplateFacts;
import dev.imdsv2.rule.decision.VersionSpec;
import dev.imdsv2.rule.wire.FakeAws;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the demo account's AWS CLI exports, and what an incomplete export yields. */
class ExportedAccountTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path DEMO = FakeAws.fixturesDir().resolve("demo-account");
    private static final String PAYMENTS = "lt-0e58d27c6a9b14f03";

    @Test
    void all_whenDemoAccount_readsEveryGroupWithItsArnTagsAndSource() {
        Map<String, AutoScalingGroup> groups = byName(ExportedAccount.read(DEMO, MAPPER).all());

        assertThat(groups).hasSize(13);
        AutoScalingGroup vendor = groups.get("vendor-appliance");
        assertThat(vendor.arn()).isEqualTo("arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:"
                + "99d30209-16e7-42c4-a24b-404e84e4aa2b:autoScalingGroupName/vendor-appliance");
        assertThat(vendor.tags()).containsEntry("imdsv2-exempt", "approved").containsEntry("team", "platform");
        assertThat(groups.get("payments-service").source()).isEqualTo(new LaunchSource.Templates(List.of(
                new LaunchTemplateRef(PAYMENTS, "payments-service", new VersionSpec.Pinned(2)))));
        assertThat(groups.get("legacy-cron").source())
                .isEqualTo(new LaunchSource.LaunchConfiguration("legacy-cron-20190614"));
    }

    @Test
    void all_whenMixedInstancesPolicy_readsBaseAndOverrideTemplatesOnly() {
        AutoScalingGroup analytics = byName(ExportedAccount.read(DEMO, MAPPER).all()).get("analytics-spot");

        assertThat(analytics.source()).isEqualTo(new LaunchSource.Templates(List.of(
                new LaunchTemplateRef("lt-0c6e1a8f3b5d7092e", "analytics-spot", VersionSpec.DEFAULT),
                new LaunchTemplateRef("lt-09b3f7d5c1e8a4260", "analytics-gpu", VersionSpec.LATEST))));
    }

    @Test
    void gather_whenTemplateExported_givesLatestDefaultAndEveryVersion() {
        LaunchTemplateRef ref = new LaunchTemplateRef(PAYMENTS, null, VersionSpec.LATEST);

        TemplateFacts facts = gather(ExportedAccount.read(DEMO, MAPPER), ref);

        assertThat(facts).isInstanceOfSatisfying(TemplateFacts.Found.class, found -> {
            assertThat(found.name()).isEqualTo("payments-service");
            assertThat(found.latest()).isEqualTo(OptionalLong.of(3));
            assertThat(found.byDefault()).isEqualTo(OptionalLong.of(2));
            assertThat(found.versions()).containsOnlyKeys(1L, 2L, 3L)
                    .containsEntry(2L, new MetadataOptions("required", "enabled"));
            assertThat(found.absent()).isEmpty();
        });
    }

    @Test
    void gather_whenReferencedByNameOnly_findsTemplateThroughItsName() {
        LaunchTemplateRef ref = new LaunchTemplateRef(null, "batch-workers", VersionSpec.DEFAULT);

        TemplateFacts facts = gather(ExportedAccount.read(DEMO, MAPPER), ref);

        assertThat(facts).isInstanceOfSatisfying(TemplateFacts.Found.class, found -> {
            assertThat(found.id()).isEqualTo("lt-03d7e5f1a9c2b6048");
            assertThat(found.versions()).containsEntry(2L, MetadataOptions.UNSET);
        });
    }

    @Test
    void gather_whenTemplateNotExported_reportsItMissing() {
        LaunchTemplateRef ref = new LaunchTemplateRef("lt-0123456789abcdef0", "search-indexer", VersionSpec.DEFAULT);

        assertThat(gather(ExportedAccount.read(DEMO, MAPPER), ref)).isEqualTo(new TemplateFacts.Missing());
    }

    @Test
    void gather_whenPinnedVersionNotExported_reportsItAbsent() {
        LaunchTemplateRef ref = new LaunchTemplateRef("lt-0a7b3c9d5e1f2468b", null, new VersionSpec.Pinned(9));

        TemplateFacts facts = gather(ExportedAccount.read(DEMO, MAPPER), ref);

        assertThat(facts).isInstanceOfSatisfying(TemplateFacts.Found.class,
                found -> assertThat(found.absent()).containsExactly(9L));
    }

    @Test
    void gather_whenLatestVersionMissingFromExport_reportsGapNamingTheCommand(@TempDir Path tmp) throws IOException {
        copy(tmp, "auto-scaling-groups.json", "launch-templates.json");
        LaunchTemplateRef ref = new LaunchTemplateRef(PAYMENTS, null, VersionSpec.LATEST);

        TemplateFacts facts = gather(ExportedAccount.read(tmp, MAPPER), ref);

        assertThat(facts).isInstanceOfSatisfying(TemplateFacts.Unavailable.class, unavailable -> assertThat(
                unavailable.gap().message()).contains("describe-launch-template-versions --launch-template-id "
                        + PAYMENTS));
    }

    @Test
    void gather_whenNoTemplatesExport_takesLatestAsHighestVersionAndDefaultFromItsFlag(@TempDir Path tmp)
            throws IOException {
        copy(tmp, "auto-scaling-groups.json", "launch-template-versions-" + PAYMENTS + ".json");
        LaunchTemplateRef ref = new LaunchTemplateRef(PAYMENTS, null, VersionSpec.LATEST);

        TemplateFacts facts = gather(ExportedAccount.read(tmp, MAPPER), ref);

        assertThat(facts).isInstanceOfSatisfying(TemplateFacts.Found.class, found -> {
            assertThat(found.latest()).isEqualTo(OptionalLong.of(3));
            assertThat(found.byDefault()).isEqualTo(OptionalLong.of(2));
        });
    }

    @Test
    void gatherLaunchConfigurations_whenExported_givesItsOptionsOrMissing() {
        Evidence.Builder evidence = Evidence.builder();

        ExportedAccount.read(DEMO, MAPPER).gatherLaunchConfigurations(
                List.of("legacy-cron-20190614", "deleted-lc"), evidence);

        Evidence built = evidence.build();
        assertThat(built.launchConfiguration("legacy-cron-20190614"))
                .isEqualTo(new LaunchConfigurationFacts.Found(new MetadataOptions("optional", "enabled")));
        assertThat(built.launchConfiguration("deleted-lc")).isEqualTo(new LaunchConfigurationFacts.Missing());
    }

    @Test
    void gatherLaunchConfigurations_whenNotExported_reportsGap(@TempDir Path tmp) throws IOException {
        copy(tmp, "auto-scaling-groups.json");
        Evidence.Builder evidence = Evidence.builder();

        ExportedAccount.read(tmp, MAPPER).gatherLaunchConfigurations(List.of("legacy-cron-20190614"), evidence);

        assertThat(evidence.build().launchConfiguration("legacy-cron-20190614"))
                .isInstanceOfSatisfying(LaunchConfigurationFacts.Unavailable.class,
                        gap -> assertThat(gap.gap().message()).contains("describe-launch-configurations"));
    }

    @Test
    void read_whenMetadataDefaultsExported_givesTheAccountDefault() {
        assertThat(ExportedAccount.read(DEMO, MAPPER).read())
                .isEqualTo(new AccountDefault.Known(Optional.of("required")));
    }

    @Test
    void read_whenMetadataDefaultsSetNothing_givesKnownEmptyDefault(@TempDir Path tmp) throws IOException {
        copy(tmp, "auto-scaling-groups.json");
        Files.writeString(tmp.resolve("instance-metadata-defaults.json"), "{\n    \"AccountLevel\": {}\n}\n");

        assertThat(ExportedAccount.read(tmp, MAPPER).read()).isEqualTo(new AccountDefault.Known(Optional.empty()));
    }

    @Test
    void read_whenMetadataDefaultsNotExported_reportsGap(@TempDir Path tmp) throws IOException {
        copy(tmp, "auto-scaling-groups.json");

        assertThat(ExportedAccount.read(tmp, MAPPER).read()).isInstanceOfSatisfying(AccountDefault.Unavailable.class,
                unavailable -> assertThat(unavailable.gap().message()).contains("get-instance-metadata-defaults"));
    }

    @Test
    void read_whenFolderMissing_throwsNamingIt(@TempDir Path tmp) {
        Path missing = tmp.resolve("export");

        assertThatThrownBy(() -> ExportedAccount.read(missing, MAPPER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void read_whenNoGroupsExport_throwsNamingTheCommand(@TempDir Path tmp) throws IOException {
        copy(tmp, "launch-templates.json");

        assertThatThrownBy(() -> ExportedAccount.read(tmp, MAPPER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aws autoscaling describe-auto-scaling-groups");
    }

    @Test
    void read_whenGroupHasNoLaunchSource_throwsNamingFileAndGroup(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("groups.json"), """
                {"AutoScalingGroups": [{"AutoScalingGroupName": "empty",
                  "AutoScalingGroupARN":
                    "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1:autoScalingGroupName/empty"}]}
                """);

        assertThatThrownBy(() -> ExportedAccount.read(tmp, MAPPER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groups.json")
                .hasMessageContaining("autoScalingGroupName/empty");
    }

    @Test
    void services_whenAskedToPut_refusesBecauseAnExportIsReadOnly() {
        var evaluations = ExportedAccount.read(DEMO, MAPPER).services().evaluations();

        assertThatThrownBy(() -> evaluations.put(List.of(), "token", false))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(evaluations.recorded("rule")).isEmpty();
    }

    private static TemplateFacts gather(ExportedAccount account, LaunchTemplateRef ref) {
        Evidence.Builder evidence = Evidence.builder();
        account.gather(Set.of(ref), evidence, true);
        return evidence.build().template(ref);
    }

    private static Map<String, AutoScalingGroup> byName(List<AutoScalingGroup> groups) {
        return groups.stream().collect(Collectors.toMap(AutoScalingGroup::name, Function.identity()));
    }

    private static void copy(Path target, String... files) throws IOException {
        for (String file : files) {
            Files.copy(DEMO.resolve(file), target.resolve(file));
        }
    }
}
