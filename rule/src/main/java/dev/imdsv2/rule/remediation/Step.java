package dev.imdsv2.rule.remediation;

import java.util.List;

/**
 * One change the plan makes, in the order it is made. A step that needs a
 * version created earlier in the plan names it by template and source
 * version; the executor learns its number when it is created.
 */
public sealed interface Step {

    /** The AWS call the step makes. */
    String call();

    /**
     * {@code ec2:CreateLaunchTemplateVersion} from {@code sourceVersion}, whose
     * other settings it inherits, with {@code metadata} as its whole
     * {@code MetadataOptions}. {@code clientToken} is derived from the template,
     * the source and the settings, so a retried or rerun call returns the
     * version already made instead of making a second one.
     */
    record CreateVersion(String templateId, String templateName, long sourceVersion, MetadataSettings metadata,
                         String description, String clientToken, long currentLatest) implements Step {
        @Override
        public String call() {
            return "CreateLaunchTemplateVersion";
        }
    }

    /**
     * A copy of {@code sourceVersion} with its settings as they are, made last
     * so that {@code $Latest} launches what it launched before the plan added
     * versions. Only made when the plan really added a version in this run,
     * unless {@code always}: an interrupted earlier run left {@code $Latest}
     * on one of its copies.
     */
    record KeepLatest(String templateId, String templateName, long sourceVersion, MetadataSettings metadata,
                      String description, String clientToken, long currentLatest, boolean always) implements Step {
        @Override
        public String call() {
            return "CreateLaunchTemplateVersion";
        }
    }

    /** {@code ec2:ModifyLaunchTemplate}: the default becomes the version created from {@code sourceVersion}. */
    record SetDefault(String templateId, String templateName, long sourceVersion) implements Step {
        @Override
        public String call() {
            return "ModifyLaunchTemplate";
        }
    }

    /** {@code autoscaling:UpdateAutoScalingGroup}: pinned references move to the versions created from theirs. */
    record UpdateGroup(String groupName, List<SlotUpdate> updates) implements Step {
        public UpdateGroup {
            updates = List.copyOf(updates);
        }

        @Override
        public String call() {
            return "UpdateAutoScalingGroup";
        }
    }

    /** One pinned reference, at its position, moving to the version created from {@code sourceVersion}. */
    record SlotUpdate(Position position, String templateId, long sourceVersion) {
    }

    /** {@code autoscaling:StartInstanceRefresh}, so running instances are replaced by ones that require tokens. */
    record StartRefresh(String groupName) implements Step {
        @Override
        public String call() {
            return "StartInstanceRefresh";
        }
    }
}
