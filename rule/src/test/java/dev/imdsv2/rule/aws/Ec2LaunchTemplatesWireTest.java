package dev.imdsv2.rule.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.EvidenceGap;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.decision.TemplateFacts;
import dev.imdsv2.rule.decision.VersionSpec;
import dev.imdsv2.rule.wire.FakeAws;
import dev.imdsv2.rule.wire.FakeAws.Answer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ec2:DescribeLaunchTemplateVersions} through the real EC2 client, against {@link FakeAws}. */
class Ec2LaunchTemplatesWireTest {

    private static final String WEB_ID = "lt-0123456789abcdef0";
    private static final String DESCRIBE = "DescribeLaunchTemplateVersions";
    private static final String VERSION_9_GONE =
            "Could not find the specified version 9 for the launch template with ID " + WEB_ID + ".";
    private static final MetadataOptions REQUIRED = new MetadataOptions("required", "enabled");
    private static final MetadataOptions OPTIONAL = new MetadataOptions("optional", "enabled");

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    private AwsClients clients;
    private LaunchTemplates templates;

    @BeforeEach
    void buildClients() {
        clients = AwsClients.fromEnvironment();
        templates = clients.services(new ObjectMapper()).launchTemplates();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void gather_whenOneTemplateNeedsThreeVersions_asksForAllInOneCall() {
        aws.on(DESCRIBE)
                .with("LaunchTemplateId", WEB_ID)
                .with("LaunchTemplateVersion.1", "$Latest")
                .with("LaunchTemplateVersion.2", "$Default")
                .with("LaunchTemplateVersion.3", "2")
                .answer(Answer.file("ec2/describe-launch-template-versions-web-template-3-4-2.xml"));

        Evidence evidence = gather(false,
                web(VersionSpec.LATEST), web(VersionSpec.DEFAULT), web(new VersionSpec.Pinned(2)));

        assertThat(aws.requests(DESCRIBE)).singleElement().satisfies(sent -> assertThat(sent.form()).containsExactly(
                entry("Action", DESCRIBE),
                entry("Version", "2016-11-15"),
                entry("LaunchTemplateId", WEB_ID),
                entry("LaunchTemplateVersion.1", "$Latest"),
                entry("LaunchTemplateVersion.2", "$Default"),
                entry("LaunchTemplateVersion.3", "2")));
        assertThat(aws.requests(DESCRIBE).getFirst().body())
                .contains("LaunchTemplateVersion.1=%24Latest&LaunchTemplateVersion.2=%24Default");
        assertThat(evidence.template(web(VersionSpec.LATEST))).isEqualTo(new TemplateFacts.Found(
                WEB_ID, "web-template", OptionalLong.of(4), OptionalLong.of(3),
                Map.of(2L, MetadataOptions.UNSET, 3L, REQUIRED, 4L, OPTIONAL), Set.of()));
    }

    @Test
    void gather_whenTemplatesNamedByIdAndByName_asksOncePerTemplate() {
        aws.on(DESCRIBE)
                .with("LaunchTemplateId", "lt-0123456789abcdef1")
                .answer(Answer.file("ec2/describe-launch-template-versions-batch-template-default.xml"));
        aws.on(DESCRIBE)
                .with("LaunchTemplateName", "batch-gpu-template")
                .answer(Answer.file("ec2/describe-launch-template-versions-batch-gpu-template-latest.xml"));
        var batch = new LaunchTemplateRef("lt-0123456789abcdef1", "batch-template", VersionSpec.DEFAULT);
        var gpu = new LaunchTemplateRef(null, "batch-gpu-template", VersionSpec.LATEST);

        Evidence evidence = gather(false, batch, gpu, batch, gpu);

        assertThat(aws.requests(DESCRIBE)).extracting(FakeAws.Sent::form).containsExactly(
                Map.of("Action", DESCRIBE, "Version", "2016-11-15",
                        "LaunchTemplateId", "lt-0123456789abcdef1", "LaunchTemplateVersion.1", "$Default"),
                Map.of("Action", DESCRIBE, "Version", "2016-11-15",
                        "LaunchTemplateName", "batch-gpu-template", "LaunchTemplateVersion.1", "$Latest"));
        assertThat(evidence.template(batch)).isInstanceOfSatisfying(TemplateFacts.Found.class,
                found -> assertThat(found.byDefault()).hasValue(2));
        assertThat(evidence.template(gpu)).isInstanceOfSatisfying(TemplateFacts.Found.class, found -> {
            assertThat(found.id()).isEqualTo("lt-0123456789abcdef3");
            assertThat(found.latest()).hasValue(7);
            assertThat(found.versions()).containsEntry(7L, REQUIRED);
        });
    }

    @Test
    void gather_whenAnswerHasNextToken_readsEveryPage() {
        aws.on(DESCRIBE).with("LaunchTemplateId", WEB_ID).without("NextToken")
                .answer(Answer.file("ec2/describe-launch-template-versions-web-template-page-1.xml"));
        aws.on(DESCRIBE).with("LaunchTemplateId", WEB_ID).with("NextToken", "eyJ2IjoiMiIsImMiOiJ3ZWItdGVtcGxhdGUifQ==")
                .answer(Answer.file("ec2/describe-launch-template-versions-web-template-page-2.xml"));

        Evidence evidence = gather(false, web(VersionSpec.LATEST), web(VersionSpec.DEFAULT));

        assertThat(aws.count(DESCRIBE)).isEqualTo(2);
        assertThat(evidence.template(web(VersionSpec.LATEST))).isInstanceOfSatisfying(TemplateFacts.Found.class,
                found -> {
                    assertThat(found.latest()).hasValue(4);
                    assertThat(found.byDefault()).hasValue(3);
                });
    }

    @Test
    void gather_whenSweepNamesMoreThanTenTemplates_listsLatestAndDefaultAccountWide() {
        aws.on(DESCRIBE).without("LaunchTemplateId").without("NextToken")
                .answer(Answer.file("ec2/describe-launch-template-versions-account-page-1.xml"));
        aws.on(DESCRIBE).with("NextToken", "eyJhY2NvdW50LXdpZGUiOiJwYWdlLTIifQ==")
                .answer(Answer.file("ec2/describe-launch-template-versions-account-page-2.xml"));
        aws.on(DESCRIBE).with("LaunchTemplateId", app(5))
                .answer(Answer.file("ec2/describe-launch-template-versions-app-05-3.xml"));
        List<LaunchTemplateRef> refs = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            refs.add(new LaunchTemplateRef(app(i), null, i % 2 == 0 ? VersionSpec.DEFAULT : VersionSpec.LATEST));
        }
        refs.add(new LaunchTemplateRef(null, "app-12", VersionSpec.LATEST));
        refs.add(new LaunchTemplateRef(app(5), null, new VersionSpec.Pinned(3)));
        var gone = new LaunchTemplateRef("lt-0aaaaaaaaaaaa0099", null, VersionSpec.LATEST);
        refs.add(gone);

        Evidence evidence = gather(true, refs.toArray(LaunchTemplateRef[]::new));

        List<FakeAws.Sent> sent = aws.requests(DESCRIBE);
        assertThat(sent).extracting(FakeAws.Sent::form).containsExactly(
                Map.of("Action", DESCRIBE, "Version", "2016-11-15", "LaunchTemplateVersion.1", "$Latest",
                        "LaunchTemplateVersion.2", "$Default", "MaxResults", "200"),
                Map.of("Action", DESCRIBE, "Version", "2016-11-15", "LaunchTemplateVersion.1", "$Latest",
                        "LaunchTemplateVersion.2", "$Default", "MaxResults", "200",
                        "NextToken", "eyJhY2NvdW50LXdpZGUiOiJwYWdlLTIifQ=="),
                Map.of("Action", DESCRIBE, "Version", "2016-11-15", "LaunchTemplateId", app(5),
                        "LaunchTemplateVersion.1", "3"));
        assertThat(evidence.template(refs.getFirst())).isEqualTo(new TemplateFacts.Found(
                app(1), "app-01", OptionalLong.of(2), OptionalLong.of(1),
                Map.of(1L, REQUIRED, 2L, OPTIONAL), Set.of()));
        assertThat(evidence.template(refs.get(11))).isInstanceOfSatisfying(TemplateFacts.Found.class, found -> {
            assertThat(found.id()).isEqualTo(app(12));
            assertThat(found.latest()).hasValue(2);
        });
        assertThat(evidence.template(refs.get(12))).isInstanceOfSatisfying(TemplateFacts.Found.class, found -> {
            assertThat(found.latest()).hasValue(2);
            assertThat(found.versions()).containsEntry(3L, new MetadataOptions(null, "disabled"));
        });
        assertThat(evidence.template(gone)).isInstanceOf(TemplateFacts.Missing.class);
    }

    @Test
    void gather_whenNotSweepingManyTemplates_asksOncePerTemplate() {
        List<LaunchTemplateRef> refs = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            aws.on(DESCRIBE).with("LaunchTemplateId", app(i))
                    .answer(Answer.file("ec2/describe-launch-template-versions-web-template-latest.xml"));
            refs.add(new LaunchTemplateRef(app(i), null, VersionSpec.LATEST));
        }

        gather(false, refs.toArray(LaunchTemplateRef[]::new));

        assertThat(aws.requests(DESCRIBE)).extracting(s -> s.form().get("LaunchTemplateId"))
                .containsExactlyElementsOf(refs.stream().map(LaunchTemplateRef::id).toList());
    }

    @ParameterizedTest
    @CsvSource({
            "LaunchTemplateId, lt-0123456789abcdef0, InvalidLaunchTemplateId.NotFound, "
                    + "'The specified launch template, with template ID lt-0123456789abcdef0, does not exist.'",
            "LaunchTemplateName, web-template, InvalidLaunchTemplateName.NotFoundException, "
                    + "'At least one of the launch templates specified in the request does not exist.'"})
    void gather_whenEc2SaysTemplateDoesNotExist_recordsMissing(String param, String value, String code,
                                                             String message) {
        aws.on(DESCRIBE).with(param, value).answer(Answer.error(400, code, message));
        var ref = param.equals("LaunchTemplateId")
                ? new LaunchTemplateRef(value, null, VersionSpec.LATEST)
                : new LaunchTemplateRef(null, value, VersionSpec.LATEST);

        Evidence evidence = gather(false, ref);

        assertThat(evidence.template(ref)).isInstanceOf(TemplateFacts.Missing.class);
        assertThat(aws.count(DESCRIBE)).isEqualTo(1);
    }

    @Test
    void gather_whenOnePinnedVersionIsGone_asksVersionByVersionAndRecordsItAbsent() {
        String notFound = "InvalidLaunchTemplateId.VersionNotFound";
        aws.on(DESCRIBE).with("LaunchTemplateVersion.1", "$Latest").with("LaunchTemplateVersion.2", "9")
                .answer(Answer.error(400, notFound, VERSION_9_GONE));
        aws.on(DESCRIBE).with("LaunchTemplateVersion.1", "$Latest").without("LaunchTemplateVersion.2")
                .answer(Answer.file("ec2/describe-launch-template-versions-web-template-latest.xml"));
        aws.on(DESCRIBE).with("LaunchTemplateVersion.1", "9")
                .answer(Answer.error(400, notFound, VERSION_9_GONE));

        Evidence evidence = gather(false, web(VersionSpec.LATEST), web(new VersionSpec.Pinned(9)));

        assertThat(aws.requests(DESCRIBE)).extracting(s -> s.form().get("LaunchTemplateVersion.1"))
                .containsExactly("$Latest", "$Latest", "9");
        assertThat(evidence.template(web(VersionSpec.LATEST))).isEqualTo(new TemplateFacts.Found(
                WEB_ID, "web-template", OptionalLong.of(4), OptionalLong.empty(), Map.of(4L, OPTIONAL), Set.of(9L)));
    }

    @Test
    void gather_whenTheOnlyVersionAskedIsGone_recordsTheTemplateFoundWithThatVersionAbsent() {
        aws.on(DESCRIBE).with("LaunchTemplateId", WEB_ID).with("LaunchTemplateVersion.1", "9")
                .answer(Answer.error(400, "InvalidLaunchTemplateId.VersionNotFound",
                        VERSION_9_GONE));
        var pinned = web(new VersionSpec.Pinned(9));

        Evidence evidence = gather(false, pinned);

        assertThat(evidence.template(pinned)).isEqualTo(new TemplateFacts.Found(
                WEB_ID, "web-template", OptionalLong.empty(), OptionalLong.empty(), Map.of(), Set.of(9L)));
    }

    @Test
    void gather_whenThrottledThenAnswered_retriesAndRecordsTheAnswer() {
        aws.on(DESCRIBE).answer(
                Answer.error(503, "RequestLimitExceeded", "Request limit exceeded."),
                Answer.file("ec2/describe-launch-template-versions-web-template-latest.xml"));

        Evidence evidence = gather(false, web(VersionSpec.LATEST));

        assertThat(aws.requests(DESCRIBE)).extracting(FakeAws.Sent::answeredStatus).containsExactly(503, 200);
        assertThat(evidence.template(web(VersionSpec.LATEST))).isInstanceOfSatisfying(TemplateFacts.Found.class,
                found -> assertThat(found.latest()).hasValue(4));
    }

    @ParameterizedTest
    @CsvSource({"500, InternalError", "503, Unavailable"})
    void gather_whenServerErrorThenAnswered_retriesAndRecordsTheAnswer(int status, String code) {
        aws.on(DESCRIBE).answer(
                Answer.error(status, code, "An internal error has occurred"),
                Answer.file("ec2/describe-launch-template-versions-web-template-latest.xml"));

        Evidence evidence = gather(false, web(VersionSpec.LATEST));

        assertThat(aws.requests(DESCRIBE)).extracting(FakeAws.Sent::answeredStatus).containsExactly(status, 200);
        assertThat(evidence.template(web(VersionSpec.LATEST))).isInstanceOf(TemplateFacts.Found.class);
    }

    @Test
    void gather_whenThrottledOnEveryAttempt_recordsUnavailableNamingCallAndCode() {
        aws.on(DESCRIBE).answer(Answer.error(503, "RequestLimitExceeded", "Request limit exceeded."));

        Evidence evidence = gather(false, web(VersionSpec.LATEST));

        assertThat(aws.count(DESCRIBE)).isEqualTo(5);
        assertThat(evidence.template(web(VersionSpec.LATEST))).isEqualTo(new TemplateFacts.Unavailable(
                new EvidenceGap("ec2:DescribeLaunchTemplateVersions", "RequestLimitExceeded",
                        "Request limit exceeded.")));
    }

    @Test
    void gather_whenUnauthorized_recordsUnavailableWithoutRetrying() {
        aws.on(DESCRIBE).answer(Answer.error(403, "UnauthorizedOperation",
                "You are not authorized to perform this operation."));

        Evidence evidence = gather(false, web(VersionSpec.LATEST));

        assertThat(aws.count(DESCRIBE)).isEqualTo(1);
        assertThat(evidence.template(web(VersionSpec.LATEST))).isInstanceOfSatisfying(TemplateFacts.Unavailable.class,
                unavailable -> {
                    assertThat(unavailable.gap().call()).isEqualTo("ec2:DescribeLaunchTemplateVersions");
                    assertThat(unavailable.gap().errorCode()).isEqualTo("UnauthorizedOperation");
                });
    }

    private Evidence gather(boolean wholeAccount, LaunchTemplateRef... refs) {
        Evidence.Builder evidence = Evidence.builder();
        templates.gather(List.of(refs), evidence, wholeAccount);
        return evidence.build();
    }

    private static LaunchTemplateRef web(VersionSpec version) {
        return new LaunchTemplateRef(WEB_ID, "web-template", version);
    }

    private static String app(int i) {
        return "lt-0aaaaaaaaaaaa%04d".formatted(i);
    }
}
