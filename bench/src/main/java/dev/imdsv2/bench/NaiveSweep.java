package dev.imdsv2.bench;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.Evaluation;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * The obvious way to write this rule, for comparison: list groups a page of
 * 50 (the API's default), ask EC2 for each group's template version, and put
 * each group's evaluation on its own. Built with the same SDK clients as the
 * rule (URL-connection HTTP, adaptive retries, five attempts, the standard
 * environment) so that only the strategy differs.
 */
public final class NaiveSweep implements AutoCloseable {

    /** What one naive sweep did. */
    public record Outcome(long wallMillis, int groups, int evaluationsPut, int undecided) {
    }

    private final SdkHttpClient http = UrlConnectionHttpClient.builder().build();
    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final ConfigClient config;

    public NaiveSweep() {
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(5).build())
                .build();
        this.ec2 = Ec2Client.builder().httpClient(http).overrideConfiguration(overrides).build();
        this.autoScaling = AutoScalingClient.builder().httpClient(http).overrideConfiguration(overrides).build();
        this.config = ConfigClient.builder().httpClient(http).overrideConfiguration(overrides).build();
    }

    public Outcome sweep(String resultToken) {
        long start = System.nanoTime();
        AtomicInteger groups = new AtomicInteger();
        AtomicInteger put = new AtomicInteger();
        AtomicInteger undecided = new AtomicInteger();
        Instant at = Instant.now();
        for (var page : autoScaling.describeAutoScalingGroupsPaginator(r -> { })) {
            for (AutoScalingGroup group : page.autoScalingGroups()) {
                groups.incrementAndGet();
                String compliance;
                try {
                    compliance = judge(group);
                } catch (SdkException e) {
                    undecided.incrementAndGet();
                    continue;
                }
                config.putEvaluations(r -> r.resultToken(resultToken).evaluations(Evaluation.builder()
                        .complianceResourceType("AWS::AutoScaling::AutoScalingGroup")
                        .complianceResourceId(group.autoScalingGroupARN())
                        .complianceType(compliance)
                        .orderingTimestamp(at)
                        .build()));
                put.incrementAndGet();
            }
        }
        return new Outcome((System.nanoTime() - start) / 1_000_000, groups.get(), put.get(), undecided.get());
    }

    private String judge(AutoScalingGroup group) {
        LaunchTemplateSpecification spec = group.launchTemplate();
        if (spec == null && group.mixedInstancesPolicy() != null) {
            spec = group.mixedInstancesPolicy().launchTemplate().launchTemplateSpecification();
        }
        if (spec == null) {
            return "NOT_APPLICABLE";
        }
        String version = spec.version() == null ? "$Default" : spec.version();
        LaunchTemplateSpecification named = spec;
        var versions = ec2.describeLaunchTemplateVersions(r -> r
                .launchTemplateId(named.launchTemplateId())
                .versions(version)).launchTemplateVersions();
        if (versions.isEmpty()) {
            return "NON_COMPLIANT";
        }
        LaunchTemplateVersion v = versions.getFirst();
        var options = v.launchTemplateData() == null ? null : v.launchTemplateData().metadataOptions();
        boolean required = options != null && "required".equals(options.httpTokensAsString())
                && !"disabled".equals(options.httpEndpointAsString());
        return required ? "COMPLIANT" : "NON_COMPLIANT";
    }

    @Override
    public void close() {
        ec2.close();
        autoScaling.close();
        config.close();
        http.close();
    }
}
