package dev.imdsv2.rule.decision;

import dev.imdsv2.rule.decision.Annotation.Finding;
import dev.imdsv2.rule.decision.Decision.Undecided;
import dev.imdsv2.rule.decision.Decision.Verdict;
import dev.imdsv2.rule.decision.Evidence.LaunchConfigurationFacts;
import dev.imdsv2.rule.decision.Parameters.AccountDefaults;
import dev.imdsv2.rule.decision.Parameters.EndpointDisabled;
import dev.imdsv2.rule.decision.Parameters.LaunchConfigurations;
import dev.imdsv2.rule.decision.Parameters.VersionToJudge;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides whether a group can launch an instance without IMDSv2. Pure: the
 * group, the evidence and the parameters in; a verdict or "undecided" out.
 *
 * <p>A group is compliant only when every template version it can launch from
 * requires tokens; a template or version that does not exist proves nothing,
 * so it fails the group closed.
 */
public final class Judge {

    private final Parameters parameters;

    public Judge(Parameters parameters) {
        this.parameters = parameters;
    }

    public Decision decide(AutoScalingGroup group, Evidence evidence) {
        var exemption = parameters.exemptionTag();
        if (exemption.isPresent() && exemption.get().exempts(group.tags())) {
            return new Verdict(Compliance.NOT_APPLICABLE,
                    Annotation.fit("exempt: tagged " + exemption.get() + " (ExemptionTag)"));
        }
        return switch (group.source()) {
            case LaunchSource.LaunchConfiguration lc -> decideLaunchConfiguration(lc.name(), evidence);
            case LaunchSource.Templates templates -> decideTemplates(templates.refs(), evidence);
        };
    }

    private Decision decideLaunchConfiguration(String name, Evidence evidence) {
        String subject = "launch configuration " + Annotation.shorten(name);
        if (parameters.launchConfigurations() == LaunchConfigurations.NOT_APPLICABLE) {
            return new Verdict(Compliance.NOT_APPLICABLE,
                    Annotation.fit("uses " + subject + "; not judged (LaunchConfigurations=NOT_APPLICABLE)"));
        }
        Check check = switch (evidence.launchConfiguration(name)) {
            case LaunchConfigurationFacts.Found found -> check(found.options(), evidence.accountDefault());
            case LaunchConfigurationFacts.Missing missing -> Check.fault("launch configuration not found");
            case LaunchConfigurationFacts.Unavailable unavailable -> Check.gap(unavailable.gap());
        };
        return conclude(List.of(new Judged(subject, check)));
    }

    private Decision decideTemplates(List<LaunchTemplateRef> refs, Evidence evidence) {
        // Deduplicated after the mode picks the version: under LATEST or DEFAULT two
        // references to one template at different versions are one version judged.
        Set<LaunchTemplateRef> distinct = new LinkedHashSet<>();
        refs.forEach(ref -> distinct.add(parameters.judged(ref)));
        List<Judged> judged = new ArrayList<>();
        for (LaunchTemplateRef ref : distinct) {
            judged.add(judgeTemplate(ref, evidence));
        }
        return conclude(judged);
    }

    private Judged judgeTemplate(LaunchTemplateRef ref, Evidence evidence) {
        String label = label(ref.id(), ref.name());
        return switch (evidence.template(ref)) {
            case TemplateFacts.Missing missing ->
                    new Judged(label + " " + chosen(ref.version()), Check.fault("template not found"));
            case TemplateFacts.Unavailable unavailable ->
                    new Judged(label, Check.gap(unavailable.gap()));
            case TemplateFacts.Found found -> judgeVersion(ref, found, evidence.accountDefault());
        };
    }

    private Judged judgeVersion(LaunchTemplateRef ref, TemplateFacts.Found found, AccountDefault accountDefault) {
        String label = label(
                found.id() != null ? found.id() : ref.id(),
                found.name() != null ? found.name() : ref.name());
        OptionalLong judged = switch (ref.version()) {
            case VersionSpec.Pinned pinned -> OptionalLong.of(pinned.number());
            case VersionSpec.Latest latest -> found.latest();
            case VersionSpec.Default byDefault -> found.byDefault();
        };
        // AWS's answers can contradict each other (one call names a template
        // another does not know); what they leave unsettled is a gap, not a guess.
        if (judged.isEmpty()) {
            return new Judged(label, Check.gap(incomplete("the " + ref.version() + " version of " + label)));
        }
        long number = judged.getAsLong();
        String subject = label + " version " + number + " " + chosen(ref.version());
        if (found.absent().contains(number)) {
            return new Judged(label + " " + chosen(ref.version()), Check.fault("version " + number + " not found"));
        }
        MetadataOptions options = found.versions().get(number);
        if (options == null) {
            return new Judged(subject, Check.gap(incomplete("version " + number + " of " + label)));
        }
        return new Judged(subject, check(options, accountDefault));
    }

    private static EvidenceGap incomplete(String what) {
        return new EvidenceGap("evidence", "IncompleteEvidence", what + " is not in what AWS answered");
    }

    /** How the judged version was chosen, as the annotation says it. */
    private String chosen(VersionSpec version) {
        if (parameters.versionToJudge() != VersionToJudge.REFERENCED) {
            return "(VersionToJudge=" + parameters.versionToJudge() + ")";
        }
        return switch (version) {
            case VersionSpec.Pinned pinned -> "(pinned)";
            default -> "(" + version + ")";
        };
    }

    private static String label(String id, String name) {
        String shortName = Annotation.shorten(name);
        if (id == null) {
            return shortName;
        }
        return shortName == null ? id : id + " (" + shortName + ")";
    }

    private Check check(MetadataOptions options, AccountDefault accountDefault) {
        if (options.isEndpointDisabled()) {
            return parameters.httpEndpointDisabled() == EndpointDisabled.COMPLIANT
                    ? Check.pass("HttpEndpoint=disabled, no metadata service")
                    : Check.fault("HttpEndpoint=disabled");
        }
        if (options.httpTokens() != null) {
            return "required".equals(options.httpTokens())
                    ? Check.pass("HttpTokens=required")
                    : Check.fault("HttpTokens=" + options.httpTokens());
        }
        if (parameters.accountDefaults() == AccountDefaults.IGNORE) {
            return Check.fault("HttpTokens unset");
        }
        return switch (accountDefault) {
            case AccountDefault.Unavailable unavailable -> Check.gap(unavailable.gap());
            case AccountDefault.NotConsulted notConsulted ->
                    throw new IllegalStateException("AccountDefaults=HONOR but the account default was not read");
            case AccountDefault.Known known -> known.httpTokens()
                    .map(tokens -> "required".equals(tokens)
                            ? Check.pass("HttpTokens unset, account default required")
                            : Check.fault("HttpTokens unset, account default " + tokens))
                    .orElseGet(() -> Check.fault("HttpTokens unset, no account default"));
        };
    }

    private static Decision conclude(List<Judged> judged) {
        List<Finding> faults = new ArrayList<>();
        List<Finding> passes = new ArrayList<>();
        List<EvidenceGap> gaps = new ArrayList<>();
        for (Judged one : judged) {
            Check check = one.check();
            switch (check.outcome()) {
                case GAP -> gaps.add(check.gap());
                case FAULT -> faults.add(new Finding(one.subject(), check.detail()));
                case PASS -> passes.add(new Finding(one.subject(), check.detail()));
            }
        }
        if (!faults.isEmpty()) {
            // One version that allows IMDSv1 is enough: the rest cannot make the group safe.
            return new Verdict(Compliance.NON_COMPLIANT, Annotation.summarize("", faults, judged.size()));
        }
        if (!gaps.isEmpty()) {
            return new Undecided(gaps);
        }
        return new Verdict(Compliance.COMPLIANT, Annotation.summarize("IMDSv2 required: ", passes, judged.size()));
    }

    private record Judged(String subject, Check check) {
    }

    private enum Outcome { PASS, FAULT, GAP }

    private record Check(Outcome outcome, String detail, EvidenceGap gap) {
        static Check pass(String detail) {
            return new Check(Outcome.PASS, detail, null);
        }

        static Check fault(String detail) {
            return new Check(Outcome.FAULT, detail, null);
        }

        static Check gap(EvidenceGap gap) {
            return new Check(Outcome.GAP, gap.toString(), gap);
        }
    }
}
