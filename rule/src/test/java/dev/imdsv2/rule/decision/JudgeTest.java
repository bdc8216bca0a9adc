package dev.imdsv2.rule.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imdsv2.rule.decision.Decision.Undecided;
import dev.imdsv2.rule.decision.Decision.Verdict;
import dev.imdsv2.rule.decision.Evidence.LaunchConfigurationFacts;
import dev.imdsv2.rule.decision.Parameters.AccountDefaults;
import dev.imdsv2.rule.decision.Parameters.EndpointDisabled;
import dev.imdsv2.rule.decision.Parameters.ExemptionTag;
import dev.imdsv2.rule.decision.Parameters.LaunchConfigurations;
import dev.imdsv2.rule.decision.Parameters.VersionToJudge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdict table of SPEC.md, row by row, and the annotation a reader acts on.
 * Every case builds a group, the evidence AWS would have given, and the
 * parameters, then asks the judge.
 */
class JudgeTest {

    private static final String ARN = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "5f1c2a9e-7b3d-4c1e-9a0f-1d2e3f4a5b6c:autoScalingGroupName/web-asg";

    private static final String WEB_ID = "lt-0123456789abcdef0";
    private static final String BATCH_ID = "lt-0123456789abcdef1";
    private static final String ARM_ID = "lt-0123456789abcdef2";

    private static final MetadataOptions REQUIRED = new MetadataOptions("required", null);
    private static final MetadataOptions REQUIRED_ENABLED = new MetadataOptions("required", "enabled");
    private static final MetadataOptions OPTIONAL = new MetadataOptions("optional", "enabled");
    private static final MetadataOptions TOKENS_UNSET = new MetadataOptions(null, "enabled");
    private static final MetadataOptions OFF_WITH_REQUIRED = new MetadataOptions("required", "disabled");
    private static final MetadataOptions OFF_WITH_OPTIONAL = new MetadataOptions("optional", "disabled");

    private static final EvidenceGap THROTTLED = new EvidenceGap(
            "ec2:DescribeLaunchTemplateVersions", "ThrottlingException", "Rate exceeded");

    // --- COMPLIANT ------------------------------------------------------------------------------

    @Test
    void decide_whenDirectTemplateRequiresTokens_isCompliant() {
        var group = group(ref(WEB_ID, "web-template", "$Latest"));
        var evidence = evidence(found(WEB_ID, "web-template", 5, 3, Map.of(5L, REQUIRED)));

        Decision decision = judge(Parameters.DEFAULTS).decide(group, evidence);

        assertThat(decision).isEqualTo(new Verdict(Compliance.COMPLIANT,
                "IMDSv2 required: lt-0123456789abcdef0 (web-template) version 5 ($Latest): HttpTokens=required"));
    }

    @Test
    void decide_whenMixedBaseAndEveryOverrideRequireTokens_isCompliant() {
        var group = group(
                ref(BATCH_ID, "batch-template", "$Default"),
                ref(ARM_ID, "batch-arm-template", "3"),
                ref(null, "batch-gpu-template", "$Latest"));
        var evidence = evidence(
                found(BATCH_ID, "batch-template", 4, 2, Map.of(2L, REQUIRED_ENABLED)),
                found(ARM_ID, "batch-arm-template", 3, 3, Map.of(3L, REQUIRED)),
                found("lt-0fedcba9876543210", "batch-gpu-template", 7, 1, Map.of(7L, REQUIRED)));

        Verdict verdict = verdict(judge(Parameters.DEFAULTS).decide(group, evidence));

        assertThat(verdict.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(verdict.annotation()).isEqualTo("IMDSv2 required: lt-0123456789abcdef1 (batch-template)"
                + " version 2 ($Default): HttpTokens=required; and 2 more of 3 judged");
    }

    // --- NON_COMPLIANT: the setting at fault -----------------------------------------------------

    static Stream<Arguments> faultyVersions() {
        return Stream.of(
                Arguments.of("HttpTokens=optional", OPTIONAL, "HttpTokens=optional"),
                Arguments.of("HttpTokens unset", TOKENS_UNSET, "HttpTokens unset"),
                Arguments.of("no MetadataOptions at all", MetadataOptions.UNSET, "HttpTokens unset"),
                Arguments.of("endpoint disabled, tokens required", OFF_WITH_REQUIRED, "HttpEndpoint=disabled"),
                Arguments.of("endpoint disabled, tokens optional", OFF_WITH_OPTIONAL, "HttpEndpoint=disabled"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faultyVersions")
    void decide_whenVersionDoesNotRequireTokens_isNonCompliantNamingTheSetting(
            String description, MetadataOptions options, String fault) {
        var group = group(ref(WEB_ID, "web-template", "$Latest"));
        var evidence = evidence(found(WEB_ID, "web-template", 5, 3, Map.of(5L, options)));

        Decision decision = judge(Parameters.DEFAULTS).decide(group, evidence);

        assertThat(decision).isEqualTo(new Verdict(Compliance.NON_COMPLIANT,
                "lt-0123456789abcdef0 (web-template) version 5 ($Latest): " + fault));
    }

    @ParameterizedTest(name = "HttpEndpoint=disabled with {0}")
    @MethodSource("disabledEndpoints")
    void decide_whenEndpointDisabledAndParameterSaysCompliant_isCompliant(
            String description, MetadataOptions options) {
        var group = group(ref(WEB_ID, "web-template", "$Latest"));
        var evidence = evidence(found(WEB_ID, "web-template", 5, 3, Map.of(5L, options)));
        var parameters = with(EndpointDisabled.COMPLIANT);

        Verdict verdict = verdict(judge(parameters).decide(group, evidence));

        assertThat(verdict.compliance()).isEqualTo(Compliance.COMPLIANT);
        assertThat(verdict.annotation()).contains("version 5 ($Latest)", "HttpEndpoint=disabled");
    }

    static Stream<Arguments> disabledEndpoints() {
        return Stream.of(
                Arguments.of("tokens required", OFF_WITH_REQUIRED),
                Arguments.of("tokens optional", OFF_WITH_OPTIONAL),
                Arguments.of("tokens unset", new MetadataOptions(null, "disabled")));
    }

    @Test
    void decide_whenEndpointDisabledIsCompliantButTokensOptionalWithEndpointOn_isNonCompliant() {
        var group = group(ref(WEB_ID, "web-template", "$Latest"));
        var evidence = evidence(found(WEB_ID, "web-template", 5, 3, Map.of(5L, OPTIONAL)));

        Verdict verdict = verdict(judge(with(EndpointDisabled.COMPLIANT)).decide(group, evidence));

        assertThat(verdict.compliance()).isEqualTo(Compliance.NON_COMPLIANT);
        assertThat(verdict.annotation()).endsWith("HttpTokens=optional");
    }

    @Test
    void decide_whenTemplateDoesNotExist_isNonCompliant() {
        var ref = ref(WEB_ID, "web-template", "$Latest");
        var evidence = Evidence.builder()
                .template(ref, new TemplateFacts.Missing())
                .build();

        Decision decision = judge(Parameters.DEFAULTS).decide(group(ref), evidence);

        assertThat(decision).isEqualTo(new Verdict(Compliance.NON_COMPLIANT,
                "lt-0123456789abcdef0 (web-template) ($Latest): template not found"));
    }

    @Test
    void decide_whenTemplateNamedOnlyByNameDoesNotExist_namesIt() {
        var ref = ref(null, "batch-gpu-template", "$Default");
        var evidence = Evidence.builder()
                .template(ref, new TemplateFacts.Missing())
                .build();

        Decision decision = judge(Parameters.DEFAULTS).decide(group(ref), evidence);

        assertThat(decision).isEqualTo(new Verdict(Compliance.NON_COMPLIANT,
                "batch-gpu-template ($Default): template not found"));
    }

    @Test
    void decide_whenPinnedVersionDoesNotExist_isNonCompliant() {
        var group = group(ref(WEB_ID, "web-template", "9"));
        var evidence = evidence(new TemplateFacts.Found(
                WEB_ID, "web-template", OptionalLong.empty(), OptionalLong.empty(), Map.of(), Set.of(9L)));

        Decision decision = judge(Parameters.DEFAULTS).decide(group, evidence);

        assertThat(decision).isEqualTo(new Verdict(Compliance.NON_COMPLIANT,
                "lt-0123456789abcdef0 (web-template) (pinned): version 9 not found"));
    }

    @Test
    void decide_whenOneOverrideOffendsAmongCompliantOnes_isNonCompliantNamingIt() {
        var group = group(
                ref(BATCH_ID, "batch-template", "$Default"),
                ref(ARM_ID, "batch-arm-template", "3"),
                ref(WEB_ID, "web-template", "$Latest"));
        var evidence = evidence(
                found(BATCH_ID, "batch-template", 4, 2, Map.of(2L, REQUIRED)),
                found(ARM_ID, "batch-arm-template", 3, 3, Map.of(3L, OPTIONAL)),
                found(WEB_ID, "web-template", 5, 3, Map.of(5L, REQUIRED)));

        Decision decision = judge(Parameters.DEFAULTS).decide(group, evidence);

        assertThat(decision).isEqualTo(new Verdict(Compliance.NON_COMPLIANT,
                "lt-0123456789abcdef2 (batch-arm-template) version 3 (pinned): HttpTokens=optional"));
    }

    @Test
    void decide_whenSeveralOffend_namesTheFirstAndCountsTheRest() {
        var group = group(
                ref(BATCH_ID, "batch-template", "$Default"),
                ref(ARM_ID, "batch-arm-template", "3"),
                ref(WEB_ID, "web-template", "$Latest"),
                ref("lt-0fedcba9876543210", "batch-gpu-template", "1"));
        var evidence = evidence(
                found(BATCH_ID, "batch-template", 4, 2, Map.of(2L, TOKENS_UNSET)),
                found(ARM_ID, "batch-arm-template", 3, 3, Map.of(3L, OPTIONAL)),
                found(WEB_ID, "web-template", 5, 3, Map.of(5L, REQUIRED)),
                found("lt-0fedcba9876543210", "batch-gpu-template", 1, 1, Map.of(1L, OFF_WITH_REQUIRED)));

        Decision decision = judge(Parameters.DEFAULTS).decide(group, evidence);

        assertThat(decision).isEqualTo(new Verdict(Compliance.NON_COMPLIANT,
                "lt-0123456789abcdef1 (batch-template) version 2 ($Default): HttpTokens unset;"
                        + " and 2 more of 4 judged"));
    }

    // --- VersionToJudge ----------------------------------------------------------------------------

    /** Latest is 5 (required), default is 3 (optional), 2 leaves tokens unset: the verdict shows which was read. */
    @ParameterizedTest(name = "{0} with reference ''{1}'' judges version {2}")
    @CsvSource(delimiter = '|', nullValues = "absent", textBlock = """
            REFERENCED | $Latest  | 5 | ($Latest)                | COMPLIANT     | HttpTokens=required
            REFERENCED | $Default | 3 | ($Default)               | NON_COMPLIANT | HttpTokens=optional
            REFERENCED | absent   | 3 | ($Default)               | NON_COMPLIANT | HttpTokens=optional
            REFERENCED | 2        | 2 | (pinned)                 | NON_COMPLIANT | HttpTokens unset
            LATEST     | $Latest  | 5 | (VersionToJudge=LATEST)  | COMPLIANT     | HttpTokens=required
            LATEST     | $Default | 5 | (VersionToJudge=LATEST)  | COMPLIANT     | HttpTokens=required
            LATEST     | 2        | 5 | (VersionToJudge=LATEST)  | COMPLIANT     | HttpTokens=required
            DEFAULT    | $Latest  | 3 | (VersionToJudge=DEFAULT) | NON_COMPLIANT | HttpTokens=optional
            DEFAULT    | $Default | 3 | (VersionToJudge=DEFAULT) | NON_COMPLIANT | HttpTokens=optional
            DEFAULT    | 2        | 3 | (VersionToJudge=DEFAULT) | NON_COMPLIANT | HttpTokens=optional
            """)
    void decide_judgesTheVersionThatVersionToJudgeSelects(
            VersionToJudge mode, String referenced, long judged, String how, Compliance expected, String setting) {
        var group = group(ref(WEB_ID, "web-template", referenced));
        var evidence = evidence(found(WEB_ID, "web-template", 5, 3,
                Map.of(5L, REQUIRED, 3L, OPTIONAL, 2L, TOKENS_UNSET)));

        Verdict verdict = verdict(judge(with(mode)).decide(group, evidence));

        assertThat(verdict.compliance()).isEqualTo(expected);
        assertThat(verdict.annotation())
                .contains("lt-0123456789abcdef0 (web-template) version " + judged + " " + how + ": " + setting);
    }

    @Test
    void decide_whenModeMapsTwoReferencesToOneVersion_judgesItOnce() {
        var group = group(ref(WEB_ID, "web-template", "$Default"), ref(WEB_ID, "web-template", "2"));
        var evidence = evidence(found(WEB_ID, "web-template", 5, 3, Map.of(5L, OPTIONAL)));

        Decision decision = judge(with(VersionToJudge.LATEST)).decide(group, evidence);

        assertThat(decision).isEqualTo(new Verdict(Compliance.NON_COMPLIANT,
                "lt-0123456789abcdef0 (web-template) version 5 (VersionToJudge=LATEST): HttpTokens=optional"));
    }

    // --- AccountDefaults -------------------------------------------------------------------------

    static Stream<Arguments> accountDefaults() {
        return Stream.of(
                Arguments.of(AccountDefaults.IGNORE, TOKENS_UNSET, known("required"),
                        Compliance.NON_COMPLIANT, "HttpTokens unset"),
                Arguments.of(AccountDefaults.HONOR, TOKENS_UNSET, known("required"),
                        Compliance.COMPLIANT, "HttpTokens unset, account default required"),
                Arguments.of(AccountDefaults.HONOR, MetadataOptions.UNSET, known("required"),
                        Compliance.COMPLIANT, "HttpTokens unset, account default required"),
                Arguments.of(AccountDefaults.HONOR, TOKENS_UNSET, known("optional"),
                        Compliance.NON_COMPLIANT, "HttpTokens unset, account default optional"),
                Arguments.of(AccountDefaults.HONOR, TOKENS_UNSET, new AccountDefault.Known(Optional.empty()),
                        Compliance.NON_COMPLIANT, "HttpTokens unset, no account default"),
                Arguments.of(AccountDefaults.HONOR, OPTIONAL, known("required"),
                        Compliance.NON_COMPLIANT, "HttpTokens=optional"));
    }

    @ParameterizedTest(name = "AccountDefaults={0}, version {1}, account {2} -> {3}")
    @MethodSource("accountDefaults")
    void decide_takesTheAccountDefaultOnlyWhenHonouredAndTokensUnset(
            AccountDefaults mode, MetadataOptions options, AccountDefault accountDefault,
            Compliance expected, String reason) {
        var group = group(ref(WEB_ID, "web-template", "$Latest"));
        var evidence = Evidence.builder()
                .found(found(WEB_ID, "web-template", 5, 3, Map.of(5L, options)))
                .accountDefault(accountDefault)
                .build();

        Verdict verdict = verdict(judge(with(mode)).decide(group, evidence));

        assertThat(verdict.compliance()).isEqualTo(expected);
        assertThat(verdict.annotation()).endsWith("version 5 ($Latest): " + reason);
    }

    @Test
    void decide_whenHonouredAccountDefaultIsUnavailableAndTokensUnset_isUndecided() {
        var gap = new EvidenceGap("ec2:GetInstanceMetadataDefaults", "UnauthorizedOperation", null);
        var group = group(ref(WEB_ID, "web-template", "$Latest"));
        var evidence = Evidence.builder()
                .found(found(WEB_ID, "web-template", 5, 3, Map.of(5L, TOKENS_UNSET)))
                .accountDefault(new AccountDefault.Unavailable(gap))
                .build();

        Decision decision = judge(with(AccountDefaults.HONOR)).decide(group, evidence);

        assertThat(decision).isEqualTo(new Undecided(List.of(gap)));
    }

    @Test
    void decide_whenHonouredAccountDefaultIsUnavailableButTokensExplicit_stillDecides() {
        var gap = new EvidenceGap("ec2:GetInstanceMetadataDefaults", "UnauthorizedOperation", null);
        var group = group(ref(WEB_ID, "web-template", "$Latest"));
        var evidence = Evidence.builder()
                .found(found(WEB_ID, "web-template", 5, 3, Map.of(5L, REQUIRED)))
                .accountDefault(new AccountDefault.Unavailable(gap))
                .build();

        Decision decision = judge(with(AccountDefaults.HONOR)).decide(group, evidence);

        assertThat(verdict(decision).compliance()).isEqualTo(Compliance.COMPLIANT);
    }

    // --- LaunchConfigurations --------------------------------------------------------------------

    @Test
    void decide_whenGroupUsesLaunchConfigurationByDefault_isNotApplicable() {
        var group = launchConfigurationGroup("legacy-lc");

        Decision decision = judge(Parameters.DEFAULTS).decide(group, Evidence.builder().build());

        assertThat(decision).isEqualTo(new Verdict(Compliance.NOT_APPLICABLE,
                "uses launch configuration legacy-lc; not judged (LaunchConfigurations=NOT_APPLICABLE)"));
    }

    static Stream<Arguments> evaluatedLaunchConfigurations() {
        return Stream.of(
                Arguments.of(new LaunchConfigurationFacts.Found(REQUIRED), Compliance.COMPLIANT,
                        "IMDSv2 required: launch configuration legacy-lc: HttpTokens=required"),
                Arguments.of(new LaunchConfigurationFacts.Found(OPTIONAL), Compliance.NON_COMPLIANT,
                        "launch configuration legacy-lc: HttpTokens=optional"),
                Arguments.of(new LaunchConfigurationFacts.Found(MetadataOptions.UNSET), Compliance.NON_COMPLIANT,
                        "launch configuration legacy-lc: HttpTokens unset"),
                Arguments.of(new LaunchConfigurationFacts.Missing(), Compliance.NON_COMPLIANT,
                        "launch configuration legacy-lc: launch configuration not found"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("evaluatedLaunchConfigurations")
    void decide_whenLaunchConfigurationsEvaluated_judgesItLikeATemplate(
            LaunchConfigurationFacts facts, Compliance expected, String annotation) {
        var evidence = Evidence.builder()
                .launchConfiguration("legacy-lc", facts)
                .build();

        Decision decision = judge(with(LaunchConfigurations.EVALUATE))
                .decide(launchConfigurationGroup("legacy-lc"), evidence);

        assertThat(decision).isEqualTo(new Verdict(expected, annotation));
    }

    @Test
    void decide_whenEvaluatedLaunchConfigurationIsUnavailable_isUndecided() {
        var gap = new EvidenceGap("autoscaling:DescribeLaunchConfigurations", "AccessDenied", "not authorized");
        var evidence = Evidence.builder()
                .launchConfiguration("legacy-lc", new LaunchConfigurationFacts.Unavailable(gap))
                .build();

        Decision decision = judge(with(LaunchConfigurations.EVALUATE))
                .decide(launchConfigurationGroup("legacy-lc"), evidence);

        assertThat(decision).isEqualTo(new Undecided(List.of(gap)));
    }

    // --- ExemptionTag ----------------------------------------------------------------------------

    @ParameterizedTest(name = "ExemptionTag={0}, group tagged imdsv2-exempt={1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "untagged", textBlock = """
            imdsv2-exempt      | true     | NOT_APPLICABLE
            imdsv2-exempt      | no       | NOT_APPLICABLE
            imdsv2-exempt      | ''       | NOT_APPLICABLE
            imdsv2-exempt=true | true     | NOT_APPLICABLE
            imdsv2-exempt=true | false    | NON_COMPLIANT
            imdsv2-exempt=true | TRUE     | NON_COMPLIANT
            imdsv2-exempt      | untagged | NON_COMPLIANT
            imdsv2-exempt=true | untagged | NON_COMPLIANT
            """)
    void decide_whenGroupCarriesExemptionTag_isNotApplicable(String exemption, String tagValue, Compliance expected) {
        Map<String, String> tags = new HashMap<>(Map.of("team", "storefront"));
        if (tagValue != null) {
            tags.put("imdsv2-exempt", tagValue);
        }
        var group = new AutoScalingGroup("web-asg", ARN,
                new LaunchSource.Templates(List.of(ref(WEB_ID, "web-template", "$Latest"))), tags);
        var evidence = evidence(found(WEB_ID, "web-template", 5, 3, Map.of(5L, OPTIONAL)));

        Verdict verdict = verdict(judge(with(ExemptionTag.parse(exemption))).decide(group, evidence));

        assertThat(verdict.compliance()).isEqualTo(expected);
        if (expected == Compliance.NOT_APPLICABLE) {
            assertThat(verdict.annotation()).isEqualTo("exempt: tagged " + exemption + " (ExemptionTag)");
        }
    }

    @Test
    void decide_whenExemptGroupUsesLaunchConfiguration_isExemptWithoutEvidence() {
        var group = new AutoScalingGroup("legacy-asg", ARN,
                new LaunchSource.LaunchConfiguration("legacy-lc"), Map.of("imdsv2-exempt", "true"));
        var parameters = with(ExemptionTag.parse("imdsv2-exempt"), LaunchConfigurations.EVALUATE);

        Decision decision = judge(parameters).decide(group, Evidence.builder().build());

        assertThat(decision).isEqualTo(new Verdict(Compliance.NOT_APPLICABLE,
                "exempt: tagged imdsv2-exempt (ExemptionTag)"));
    }

    // --- No verdict without evidence -------------------------------------------------------------

    @Test
    void decide_whenOnlyTemplateIsUnavailable_isUndecided() {
        var ref = ref(WEB_ID, "web-template", "$Latest");
        var evidence = Evidence.builder()
                .template(ref, new TemplateFacts.Unavailable(THROTTLED))
                .build();

        Decision decision = judge(Parameters.DEFAULTS).decide(group(ref), evidence);

        assertThat(decision).isEqualTo(new Undecided(List.of(THROTTLED)));
    }

    @Test
    void decide_whenOneTemplateIsUnavailableAndTheOthersComply_isUndecided() {
        var unreadable = ref(ARM_ID, "batch-arm-template", "3");
        var group = group(ref(BATCH_ID, "batch-template", "$Default"), unreadable);
        var evidence = Evidence.builder()
                .found(found(BATCH_ID, "batch-template", 4, 2, Map.of(2L, REQUIRED)))
                .template(unreadable, new TemplateFacts.Unavailable(THROTTLED))
                .build();

        Decision decision = judge(Parameters.DEFAULTS).decide(group, evidence);

        assertThat(decision).isEqualTo(new Undecided(List.of(THROTTLED)));
    }

    @Test
    void decide_whenOneTemplateIsUnavailableAndAnotherOffends_isNonCompliant() {
        var unreadable = ref(ARM_ID, "batch-arm-template", "3");
        var group = group(unreadable, ref(BATCH_ID, "batch-template", "$Default"));
        var evidence = Evidence.builder()
                .template(unreadable, new TemplateFacts.Unavailable(THROTTLED))
                .found(found(BATCH_ID, "batch-template", 4, 2, Map.of(2L, OPTIONAL)))
                .build();

        Decision decision = judge(Parameters.DEFAULTS).decide(group, evidence);

        assertThat(decision).isEqualTo(new Verdict(Compliance.NON_COMPLIANT,
                "lt-0123456789abcdef1 (batch-template) version 2 ($Default): HttpTokens=optional"));
    }

    // --- Annotation length -----------------------------------------------------------------------

    static Stream<Arguments> crowdedGroups() {
        List<Arguments> cases = new ArrayList<>();
        for (VersionToJudge mode : VersionToJudge.values()) {
            for (MetadataOptions options : List.of(REQUIRED, OPTIONAL, TOKENS_UNSET, OFF_WITH_REQUIRED)) {
                cases.add(Arguments.of(mode, options));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, every version {1}")
    @MethodSource("crowdedGroups")
    void decide_whenTwentyOneTemplatesHaveLongNames_keepsAnnotationWithinConfigLimit(
            VersionToJudge mode, MetadataOptions options) {
        List<LaunchTemplateRef> refs = new ArrayList<>();
        Evidence.Builder evidence = Evidence.builder();
        for (int i = 0; i <= 20; i++) {
            String id = "lt-0%016x".formatted(Long.MAX_VALUE - i);
            String name = ("template-" + i + "-").repeat(20).substring(0, 128);
            refs.add(ref(id, name, Long.toString(100_000_000L + i)));
            evidence.found(found(id, name, 999_999_999L, 888_888_888L, Map.of(
                    100_000_000L + i, options, 999_999_999L, options, 888_888_888L, options)));
        }

        Verdict verdict = verdict(judge(with(mode)).decide(group(refs.toArray(LaunchTemplateRef[]::new)),
                evidence.build()));

        assertThat(verdict.annotation())
                .hasSizeBetween(1, Annotation.MAX_LENGTH)
                .endsWith("; and 20 more of 21 judged");
    }

    @ParameterizedTest
    @EnumSource(LaunchConfigurations.class)
    void decide_whenLaunchConfigurationNameIsLong_keepsAnnotationWithinConfigLimit(LaunchConfigurations mode) {
        String name = "lc-".repeat(85);
        var evidence = Evidence.builder()
                .launchConfiguration(name, new LaunchConfigurationFacts.Found(OPTIONAL))
                .build();

        Verdict verdict = verdict(judge(with(mode)).decide(launchConfigurationGroup(name), evidence));

        assertThat(verdict.annotation()).hasSizeBetween(1, Annotation.MAX_LENGTH);
    }

    @Test
    void decide_whenExemptionTagIsLong_keepsAnnotationWithinConfigLimit() {
        String key = "k".repeat(128);
        String value = "v".repeat(256);
        var group = new AutoScalingGroup("web-asg", ARN,
                new LaunchSource.Templates(List.of(ref(WEB_ID, "web-template", "$Latest"))), Map.of(key, value));

        Verdict verdict = verdict(judge(with(ExemptionTag.parse(key + "=" + value)))
                .decide(group, Evidence.builder().build()));

        assertThat(verdict.compliance()).isEqualTo(Compliance.NOT_APPLICABLE);
        assertThat(verdict.annotation()).hasSize(Annotation.MAX_LENGTH).endsWith("...");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static Judge judge(Parameters parameters) {
        return new Judge(parameters);
    }

    private static Verdict verdict(Decision decision) {
        assertThat(decision).isInstanceOf(Verdict.class);
        return (Verdict) decision;
    }

    private static LaunchTemplateRef ref(String id, String name, String version) {
        return new LaunchTemplateRef(id, name, VersionSpec.parse(version));
    }

    private static AutoScalingGroup group(LaunchTemplateRef... refs) {
        return new AutoScalingGroup("web-asg", ARN, new LaunchSource.Templates(List.of(refs)), Map.of());
    }

    private static AutoScalingGroup launchConfigurationGroup(String name) {
        return new AutoScalingGroup("legacy-asg", ARN, new LaunchSource.LaunchConfiguration(name), Map.of());
    }

    /** A template that exists, with its latest and default version numbers and the versions fetched. */
    private static TemplateFacts.Found found(
            String id, String name, long latest, long byDefault, Map<Long, MetadataOptions> versions) {
        return new TemplateFacts.Found(
                id, name, OptionalLong.of(latest), OptionalLong.of(byDefault), versions, Set.of());
    }

    private static Evidence evidence(TemplateFacts.Found... templates) {
        Evidence.Builder builder = Evidence.builder();
        for (TemplateFacts.Found template : templates) {
            builder.found(template);
        }
        return builder.build();
    }

    private static AccountDefault known(String httpTokens) {
        return new AccountDefault.Known(Optional.of(httpTokens));
    }

    /** The default parameters with each given setting replaced. */
    private static Parameters with(Object... settings) {
        Parameters p = Parameters.DEFAULTS;
        for (Object setting : settings) {
            p = switch (setting) {
                case VersionToJudge v -> new Parameters(v, p.httpEndpointDisabled(), p.accountDefaults(),
                        p.launchConfigurations(), p.exemptionTag(), p.reportUnchanged(), p.executionRoleName());
                case EndpointDisabled e -> new Parameters(p.versionToJudge(), e, p.accountDefaults(),
                        p.launchConfigurations(), p.exemptionTag(), p.reportUnchanged(), p.executionRoleName());
                case AccountDefaults a -> new Parameters(p.versionToJudge(), p.httpEndpointDisabled(), a,
                        p.launchConfigurations(), p.exemptionTag(), p.reportUnchanged(), p.executionRoleName());
                case LaunchConfigurations l -> new Parameters(p.versionToJudge(), p.httpEndpointDisabled(),
                        p.accountDefaults(), l, p.exemptionTag(), p.reportUnchanged(), p.executionRoleName());
                case ExemptionTag t -> new Parameters(p.versionToJudge(), p.httpEndpointDisabled(),
                        p.accountDefaults(), p.launchConfigurations(), Optional.of(t), p.reportUnchanged(),
                        p.executionRoleName());
                default -> throw new IllegalArgumentException("not a parameter: " + setting);
            };
        }
        return p;
    }
}
