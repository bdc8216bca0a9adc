package dev.imdsv2.rule;

import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.AccountDefault;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Decision;
import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.Judge;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.decision.Parameters;
import dev.imdsv2.rule.decision.TemplateFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a set of groups: gathers, with as few calls as it can, the evidence
 * all of them need (each template once, each launch configuration once, the
 * account default only if some version leaves tokens unset), then decides
 * each group with the pure {@link Judge}.
 */
public final class Assessor {

    private final RuleServices services;
    private final Parameters parameters;
    private final Judge judge;

    public Assessor(RuleServices services, Parameters parameters) {
        this.services = services;
        this.parameters = parameters;
        this.judge = new Judge(parameters);
    }

    /** Each group's decision, in the order given. */
    public Map<AutoScalingGroup, Decision> assess(List<AutoScalingGroup> groups, boolean wholeAccount) {
        Evidence evidence = gather(groups, wholeAccount);
        Map<AutoScalingGroup, Decision> decisions = new LinkedHashMap<>();
        for (AutoScalingGroup group : groups) {
            decisions.put(group, judge.decide(group, evidence));
        }
        return decisions;
    }

    private Evidence gather(List<AutoScalingGroup> groups, boolean wholeAccount) {
        Set<LaunchTemplateRef> refs = new LinkedHashSet<>();
        Set<String> launchConfigurations = new LinkedHashSet<>();
        for (AutoScalingGroup group : groups) {
            if (parameters.exemptionTag().map(tag -> tag.exempts(group.tags())).orElse(false)) {
                continue;
            }
            switch (group.source()) {
                case LaunchSource.Templates templates -> templates.refs().forEach(r -> refs.add(parameters.judged(r)));
                case LaunchSource.LaunchConfiguration lc -> {
                    if (parameters.launchConfigurations() == Parameters.LaunchConfigurations.EVALUATE) {
                        launchConfigurations.add(lc.name());
                    }
                }
            }
        }
        Evidence.Builder evidence = Evidence.builder();
        if (!refs.isEmpty()) {
            services.launchTemplates().gather(refs, evidence, wholeAccount);
        }
        if (!launchConfigurations.isEmpty()) {
            services.groups().gatherLaunchConfigurations(launchConfigurations, evidence);
        }
        if (parameters.accountDefaults() == Parameters.AccountDefaults.HONOR) {
            // Left unread when no judged version leaves HttpTokens unset; the judge
            // fails loudly if that reasoning is ever wrong.
            evidence.accountDefault(needsAccountDefault(evidence.build(), refs, launchConfigurations)
                    ? services.metadataDefaults().read()
                    : AccountDefault.NOT_CONSULTED);
        }
        return evidence.build();
    }

    /** The account default matters only where some judged version leaves HttpTokens unset. */
    private static boolean needsAccountDefault(Evidence evidence, Set<LaunchTemplateRef> refs, Set<String> lcs) {
        List<MetadataOptions> options = new ArrayList<>();
        for (LaunchTemplateRef ref : refs) {
            if (evidence.template(ref) instanceof TemplateFacts.Found found) {
                options.addAll(found.versions().values());
            }
        }
        for (String lc : lcs) {
            if (evidence.launchConfiguration(lc) instanceof Evidence.LaunchConfigurationFacts.Found found) {
                options.add(found.options());
            }
        }
        return options.stream().anyMatch(o -> o.httpTokens() == null && !o.isEndpointDisabled());
    }
}
