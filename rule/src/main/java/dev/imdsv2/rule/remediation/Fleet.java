package dev.imdsv2.rule.remediation;

import dev.imdsv2.rule.decision.AutoScalingGroup;
import java.util.List;
import java.util.Map;

/**
 * The reads and writes a remediation makes. Reads throw {@link PlanException}
 * when what the plan rests on is missing or unreadable; writes throw what the
 * SDK throws, and the executor reports it.
 */
public interface Fleet {

    /** One group, by name. */
    GroupLaunches group(String name);

    /** The state of every template the group and its instances launch from, at the versions they name. */
    List<TemplateState> templates(GroupLaunches group);

    /** Every group in the region, to find those sharing a template. */
    List<AutoScalingGroup> allGroups();

    /** Creates a version and returns its number (the earlier one, when the client token was used before). */
    long createVersion(String templateId, long sourceVersion, MetadataSettings metadata, String description,
                       String clientToken);

    void setDefault(String templateId, long version);

    /** Moves the references at these positions of the group to these version numbers of the same templates. */
    void updateGroup(String groupName, Map<Position, Long> versions);

    /** Starts an instance refresh and returns its id. */
    String startRefresh(String groupName);
}
