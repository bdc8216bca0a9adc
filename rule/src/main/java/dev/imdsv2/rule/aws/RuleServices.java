package dev.imdsv2.rule.aws;

/** Everything the rule reads from and reports to AWS, for one account. */
public record RuleServices(
        LaunchTemplates launchTemplates,
        AutoScalingGroups groups,
        MetadataDefaults metadataDefaults,
        ConfigurationItems configurationItems,
        Evaluations evaluations) {

    /** The same services, reporting somewhere else (a recorder, a read-only sink). */
    public RuleServices withEvaluations(Evaluations other) {
        return new RuleServices(launchTemplates, groups, metadataDefaults, configurationItems, other);
    }
}
