package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.event.ConfigurationItem;

/** Gives a resource's current configuration item from Config's history. */
public interface ConfigurationItems {

    /** The newest item of the resource. @throws AwsCallFailedException when it cannot be had */
    ConfigurationItem latest(String resourceType, String resourceId);
}
