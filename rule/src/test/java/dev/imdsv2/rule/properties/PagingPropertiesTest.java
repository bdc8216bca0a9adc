package dev.imdsv2.rule.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imdsv2.rule.Assessor;
import dev.imdsv2.rule.aws.Ec2LaunchTemplates;
import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Decision;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.properties.GeneratedAccount.State;
import dev.imdsv2.rule.properties.GeneratedAccount.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptions;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

/**
 * The verdict does not depend on how EC2 pages its answer: the real
 * {@link Ec2LaunchTemplates} reads a generated account's versions through an
 * EC2 client that shuffles them into pages of random sizes, and every group
 * still gets SPEC.md's verdict, whatever the paging. In a sweep over many
 * templates the account-wide listing lists a template EC2 could not describe
 * alone, so there the property is only that paging changes nothing.
 */
class PagingPropertiesTest {

    static LongStream seeds() {
        return LongStream.range(0, 150);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void property_verdictDoesNotDependOnHowVersionsArePaged(long seed) {
        GeneratedAccount account = GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(seed)));

        Map<String, Optional<Compliance>> firstPaging = decide(account, false, new Random(seed * 31 + 1));
        Map<String, Optional<Compliance>> secondPaging = decide(account, false, new Random(seed * 31 + 2));

        assertThat(secondPaging).isEqualTo(firstPaging);
        account.groups().forEach(group ->
                assertThat(firstPaging.get(group.arn())).as(group.name()).isEqualTo(account.expected(group)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void property_sweepVerdictDoesNotDependOnHowTheAccountWideListingIsPaged(long seed) {
        GeneratedAccount account = GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(seed)));

        Map<String, Optional<Compliance>> firstPaging = decide(account, true, new Random(seed * 31 + 1));
        Map<String, Optional<Compliance>> secondPaging = decide(account, true, new Random(seed * 31 + 2));

        assertThat(secondPaging).isEqualTo(firstPaging);
    }

    private static Map<String, Optional<Compliance>> decide(GeneratedAccount account, boolean sweep, Random paging) {
        var templates = new Ec2LaunchTemplates(pagingEc2(account, paging));
        RuleServices services = new RuleServices(templates, account, account, null, new RecordingEvaluations());
        Map<String, Optional<Compliance>> byArn = new HashMap<>();
        Map<AutoScalingGroup, Decision> decisions = new Assessor(services, account.parameters())
                .assess(account.groups(), sweep);
        decisions.forEach((group, decision) -> byArn.put(group.arn(),
                decision instanceof Decision.Verdict v ? Optional.of(v.compliance()) : Optional.empty()));
        return byArn;
    }

    /** EC2 as it answers DescribeLaunchTemplateVersions for the account, in shuffled pages. */
    private static Ec2Client pagingEc2(GeneratedAccount account, Random paging) {
        // The rule may overlap its calls, so the fake answers from any thread.
        Map<String, List<List<LaunchTemplateVersion>>> answered = new java.util.concurrent.ConcurrentHashMap<>();
        return new Ec2Client() {
            @Override
            public DescribeLaunchTemplateVersionsResponse describeLaunchTemplateVersions(
                    DescribeLaunchTemplateVersionsRequest request) {
                String key = request.launchTemplateId() + "/" + request.launchTemplateName() + "/"
                        + request.versions();
                if (request.nextToken() == null) {
                    List<LaunchTemplateVersion> versions = answer(account, request);
                    synchronized (paging) {
                        answered.put(key, pages(versions, paging));
                    }
                }
                List<List<LaunchTemplateVersion>> pages = answered.get(key);
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
    }

    private static List<LaunchTemplateVersion> answer(GeneratedAccount account,
                                                      DescribeLaunchTemplateVersionsRequest request) {
        if (request.launchTemplateId() == null && request.launchTemplateName() == null) {
            // The account-wide form: every template's latest and default version.
            List<LaunchTemplateVersion> listing = new ArrayList<>();
            for (Template template : account.templates()) {
                if (template.state() != State.MISSING) {
                    for (long number : new java.util.TreeSet<>(List.of(template.latest(), template.byDefault()))) {
                        listing.add(sdkVersion(template, number, template.versions().get(number)));
                    }
                }
            }
            return listing;
        }
        Template template = account.templates().stream()
                .filter(t -> request.launchTemplateId() != null
                        ? t.id().equals(request.launchTemplateId())
                        : t.name().equals(request.launchTemplateName()))
                .findFirst()
                .orElse(null);
        if (template == null || template.state() == State.MISSING) {
            throw error(request.launchTemplateId() != null
                    ? "InvalidLaunchTemplateId.NotFound" : "InvalidLaunchTemplateName.NotFoundException");
        }
        if (template.state() == State.UNAVAILABLE) {
            throw error("RequestLimitExceeded");
        }
        List<LaunchTemplateVersion> versions = new ArrayList<>();
        for (String asked : request.versions()) {
            long number = switch (asked) {
                case "$Latest" -> template.latest();
                case "$Default" -> template.byDefault();
                default -> Long.parseLong(asked);
            };
            MetadataOptions options = template.versions().get(number);
            if (options == null) {
                // EC2 refuses the whole call when one asked version does not exist.
                throw error("InvalidLaunchTemplateId.VersionNotFound");
            }
            if (versions.stream().noneMatch(v -> v.versionNumber() == number)) {
                versions.add(sdkVersion(template, number, options));
            }
        }
        return versions;
    }

    private static LaunchTemplateVersion sdkVersion(Template template, long number, MetadataOptions options) {
        var data = ResponseLaunchTemplateData.builder();
        if (options != MetadataOptions.UNSET) {
            data.metadataOptions(LaunchTemplateInstanceMetadataOptions.builder()
                    .httpTokens(options.httpTokens())
                    .httpEndpoint(options.httpEndpoint())
                    .build());
        }
        return LaunchTemplateVersion.builder()
                .launchTemplateId(template.id())
                .launchTemplateName(template.name())
                .versionNumber(number)
                .defaultVersion(number == template.byDefault())
                .launchTemplateData(data.build())
                .build();
    }

    private static List<List<LaunchTemplateVersion>> pages(List<LaunchTemplateVersion> versions, Random paging) {
        List<LaunchTemplateVersion> shuffled = new ArrayList<>(versions);
        Collections.shuffle(shuffled, paging);
        List<List<LaunchTemplateVersion>> pages = new ArrayList<>();
        int from = 0;
        do {
            int size = paging.nextInt(3);
            int to = Math.min(shuffled.size(), from + size);
            pages.add(List.copyOf(shuffled.subList(from, to)));
            from = to;
        } while (from < shuffled.size());
        return pages;
    }

    private static Ec2Exception error(String code) {
        return (Ec2Exception) Ec2Exception.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
                .statusCode(400)
                .build();
    }
}
