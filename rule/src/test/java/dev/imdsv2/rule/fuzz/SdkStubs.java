package dev.imdsv2.rule.fuzz;

import java.util.List;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsRequest;
import software.amazon.awssdk.services.autoscaling.model.DescribeAutoScalingGroupsResponse;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ConfigurationItem;
import software.amazon.awssdk.services.config.model.GetResourceConfigHistoryRequest;
import software.amazon.awssdk.services.config.model.GetResourceConfigHistoryResponse;

/**
 * SDK clients that answer one call with a given model object, so that what
 * the rule makes of an answer can be driven without a wire: the fuzzers
 * build the objects the SDK would have parsed.
 */
final class SdkStubs {

    private SdkStubs() {
    }

    /** A Config client whose {@code GetResourceConfigHistory} answers with this item. */
    static ConfigClient configAnswering(ConfigurationItem item) {
        return new ConfigClient() {
            @Override
            public GetResourceConfigHistoryResponse getResourceConfigHistory(GetResourceConfigHistoryRequest r) {
                return GetResourceConfigHistoryResponse.builder().configurationItems(item).build();
            }

            @Override
            public String serviceName() {
                return "config";
            }

            @Override
            public void close() {
            }
        };
    }

    /** An Auto Scaling client whose {@code DescribeAutoScalingGroups} answers with one page of these groups. */
    static AutoScalingClient autoScalingAnswering(AutoScalingGroup... groups) {
        return autoScalingAnswering(List.of(groups));
    }

    /** An Auto Scaling client whose {@code DescribeAutoScalingGroups} answers with one page of these groups. */
    static AutoScalingClient autoScalingAnswering(List<AutoScalingGroup> groups) {
        return new AutoScalingClient() {
            @Override
            public DescribeAutoScalingGroupsResponse describeAutoScalingGroups(DescribeAutoScalingGroupsRequest r) {
                return DescribeAutoScalingGroupsResponse.builder().autoScalingGroups(groups).build();
            }

            @Override
            public String serviceName() {
                return "autoscaling";
            }

            @Override
            public void close() {
            }
        };
    }
}
