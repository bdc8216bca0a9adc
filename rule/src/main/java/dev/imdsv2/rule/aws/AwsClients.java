package dev.imdsv2.rule.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The SDK clients the rule uses, built with the standard region, credential
 * and endpoint resolution ({@code AWS_REGION}, the default credentials chain,
 * {@code AWS_ENDPOINT_URL} and its per-service forms), one URL-connection
 * HTTP client, and adaptive retries: throttling is retried with a client-side
 * rate limit, so a sweep slows down instead of failing.
 */
public final class AwsClients implements AutoCloseable {

    /** Five attempts: a sweep meets EC2's request bucket before a single caller does. */
    private static final int MAX_ATTEMPTS = 5;

    private final SdkHttpClient http;
    private final Ec2Client ec2;
    private final AutoScalingClient autoScaling;
    private final ConfigClient config;

    private AwsClients(AwsCredentialsProvider credentials) {
        this.http = UrlConnectionHttpClient.builder().build();
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                .build();
        this.ec2 = Ec2Client.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides)
                .build();
        this.autoScaling = AutoScalingClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides)
                .build();
        this.config = ConfigClient.builder()
                .httpClient(http)
                .credentialsProvider(credentials)
                .overrideConfiguration(overrides)
                .build();
    }

    /** Clients with the environment's own credentials. */
    public static AwsClients fromEnvironment() {
        return new AwsClients(DefaultCredentialsProvider.builder().build());
    }

    /** Clients that sign with the given credentials (an assumed role's). */
    public static AwsClients withCredentials(AwsCredentialsProvider credentials) {
        return new AwsClients(credentials);
    }

    /** The rule's AWS access through these clients. */
    public RuleServices services(ObjectMapper mapper) {
        return new RuleServices(
                new Ec2LaunchTemplates(ec2),
                new AutoScalingApi(autoScaling),
                new Ec2MetadataDefaults(ec2),
                new ConfigHistory(config, mapper),
                new ConfigEvaluations(config));
    }

    /** The EC2 client, for the {@code remediate} command's writes. */
    public Ec2Client ec2() {
        return ec2;
    }

    /** The Auto Scaling client, for the {@code remediate} command's writes. */
    public AutoScalingClient autoScaling() {
        return autoScaling;
    }

    /** The Config client, for the read-only {@code evidence} export. */
    public ConfigClient config() {
        return config;
    }

    @Override
    public void close() {
        ec2.close();
        autoScaling.close();
        config.close();
        http.close();
    }
}
