package dev.imdsv2.rule.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.VersionSpec;
import dev.imdsv2.rule.event.AutoScalingGroupJson;
import dev.imdsv2.rule.event.ConfigurationItem;
import dev.imdsv2.rule.wire.FakeAws;
import dev.imdsv2.rule.wire.FakeAws.Answer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code config:GetResourceConfigHistory} through the real Config client, against {@link FakeAws}. */
class ConfigHistoryWireTest {

    private static final String GET_HISTORY = "GetResourceConfigHistory";
    private static final String GROUP_TYPE = "AWS::AutoScaling::AutoScalingGroup";
    private static final String BATCH_ARN = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "8e2d4b6a-1c3f-4e5a-8b7c-9d0e1f2a3b4c:autoScalingGroupName/batch-asg";

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    private final ObjectMapper mapper = new ObjectMapper();
    private AwsClients clients;
    private ConfigurationItems items;

    @BeforeEach
    void buildClients() {
        clients = AwsClients.fromEnvironment();
        items = clients.services(mapper).configurationItems();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void latest_whenConfigAnswersInApiShape_givesItemWhoseConfigurationYieldsTheGroup() throws Exception {
        aws.on(GET_HISTORY).answer(Answer.file("config/get-resource-config-history-batch-asg.json"));

        ConfigurationItem item = items.latest(GROUP_TYPE, BATCH_ARN);

        assertThat(aws.requests(GET_HISTORY)).singleElement().satisfies(sent -> assertThat(sent.json())
                .isEqualTo(mapper.readTree("""
                        {"resourceType":"AWS::AutoScaling::AutoScalingGroup","resourceId":"%s","limit":1}
                        """.formatted(BATCH_ARN))));
        assertThat(item.resourceType()).isEqualTo(GROUP_TYPE);
        assertThat(item.resourceId()).isEqualTo(BATCH_ARN);
        assertThat(item.resourceName()).isEqualTo("batch-asg");
        assertThat(item.status()).isEqualTo("OK");
        assertThat(item.captureTime()).isEqualTo(Instant.parse("2025-11-20T15:41:02.337Z"));
        assertThat(item.tags()).isEqualTo(Map.of("team", "data"));
        AutoScalingGroup group = AutoScalingGroupJson.parse(item.configuration(), item.resourceId(), item.tags());
        assertThat(group.name()).isEqualTo("batch-asg");
        assertThat(group.arn()).isEqualTo(BATCH_ARN);
        assertThat(group.source()).isEqualTo(new LaunchSource.Templates(List.of(
                new LaunchTemplateRef("lt-0123456789abcdef1", "batch-template", VersionSpec.DEFAULT),
                new LaunchTemplateRef("lt-0123456789abcdef2", "batch-arm-template", new VersionSpec.Pinned(3)),
                new LaunchTemplateRef(null, "batch-gpu-template", VersionSpec.LATEST))));
    }

    @Test
    void latest_whenConfigHasNoItem_throwsNamingTheCallAndResource() {
        aws.on(GET_HISTORY).answer(Answer.text("{\"configurationItems\":[]}"));

        assertThatThrownBy(() -> items.latest(GROUP_TYPE, BATCH_ARN))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageContaining("config:GetResourceConfigHistory")
                .hasMessageContaining(BATCH_ARN);
    }

    @Test
    void latest_whenResourceNotDiscovered_throwsNamingTheCode() {
        aws.on(GET_HISTORY).answer(Answer.error(400, "ResourceNotDiscoveredException",
                "Resource " + BATCH_ARN + " of resourceType:" + GROUP_TYPE + " is unknown or has not been discovered"));

        assertThatThrownBy(() -> items.latest(GROUP_TYPE, BATCH_ARN))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("config:GetResourceConfigHistory failed with ResourceNotDiscoveredException");
    }
}
