package dev.imdsv2.rule.remediation;

/**
 * What a caller asks: the group, by name or by ARN (AWS Config passes the
 * ARN as the resource id); whether to only plan; whether to replace running
 * instances; whether other groups sharing a template may change too; whether
 * a disabled metadata endpoint is to be enabled.
 */
public record RemediationRequest(String group, boolean dryRun, boolean refresh, boolean allowShared,
                                 boolean enableEndpoint) {

    private static final String ARN_NAME_MARK = ":autoScalingGroupName/";

    public RemediationRequest {
        if (group == null || group.isBlank()) {
            throw new IllegalArgumentException("the group to remediate must be a name or an ARN; got '" + group + "'");
        }
        group = group.strip();
    }

    /** The group's name: the whole value, or what follows {@code autoScalingGroupName/} in an ARN. */
    public String groupName() {
        int mark = group.indexOf(ARN_NAME_MARK);
        if (group.startsWith("arn:")) {
            if (mark < 0) {
                throw new IllegalArgumentException("an Auto Scaling group ARN ends in ':autoScalingGroupName/NAME';"
                        + " got '" + group + "'");
            }
            return group.substring(mark + ARN_NAME_MARK.length());
        }
        return group;
    }

    /** The ARN the caller gave, if it gave one: a group recreated under the same name must not be touched. */
    public java.util.Optional<String> groupArn() {
        return group.startsWith("arn:") ? java.util.Optional.of(group) : java.util.Optional.empty();
    }
}
