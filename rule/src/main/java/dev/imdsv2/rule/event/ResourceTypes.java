package dev.imdsv2.rule.event;

/** The two resource types the rule is triggered by, as Config names them. */
public final class ResourceTypes {

    public static final String AUTO_SCALING_GROUP = "AWS::AutoScaling::AutoScalingGroup";
    public static final String LAUNCH_TEMPLATE = "AWS::EC2::LaunchTemplate";

    private ResourceTypes() {
    }
}
