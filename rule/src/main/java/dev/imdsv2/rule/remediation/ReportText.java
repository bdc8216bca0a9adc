package dev.imdsv2.rule.remediation;

import dev.imdsv2.rule.remediation.RemediationPlan.Launch;
import dev.imdsv2.rule.remediation.RemediationPlan.SharedGroup;
import dev.imdsv2.rule.remediation.RemediationReport.StepResult;
import java.util.List;

/** The report as a person reads it in a terminal: the plan, then each step's result, then the outcome. */
public final class ReportText {

    private ReportText() {
    }

    public static String of(RemediationReport report) {
        StringBuilder out = new StringBuilder();
        RemediationPlan plan = report.plan();
        if (plan != null) {
            out.append("Auto Scaling group ").append(plan.groupName()).append('\n');
            out.append("  ").append(plan.groupArn()).append('\n');
            out.append("launches from:\n");
            for (Launch launch : plan.launches()) {
                out.append("  ").append(pad(launch.position().toString(), 26))
                        .append(launch.template()).append(' ').append(launch.version())
                        .append(launch.version().equals(Long.toString(launch.number()))
                                ? "" : " (version " + launch.number() + ")")
                        .append(": ").append(launch.settings().describe())
                        .append(launch.needsNewVersion() ? "  <- needs a new version" : "")
                        .append('\n');
            }
            out.append(plan.steps().isEmpty() ? "steps: none\n" : "steps:\n");
            for (int i = 0; i < plan.steps().size(); i++) {
                out.append(String.format("  %d. %s%n", i + 1, step(plan.steps().get(i))));
            }
            for (String note : plan.notes()) {
                out.append("note: ").append(note).append('\n');
            }
            if (!plan.sharedGroups().isEmpty()) {
                out.append("other groups launching from these templates:\n");
                for (SharedGroup shared : plan.sharedGroups()) {
                    out.append("  ").append(shared.changes() ? "CHANGES    " : "unaffected ")
                            .append(pad(shared.groupName(), 16)).append(shared.template()).append(' ')
                            .append(shared.version()).append(": ").append(shared.effect()).append('\n');
                }
            }
        }
        List<StepResult> results = report.results();
        if (!results.isEmpty()) {
            out.append("results:\n");
            for (StepResult r : results) {
                out.append(String.format("  %d. %-7s %s%n", r.number(), r.status(), r.detail()));
            }
        }
        out.append(report.outcome()).append(": ").append(report.message()).append('\n');
        return out.toString();
    }

    /** One step as the plan prints it: the call and what it sends. */
    public static String step(Step step) {
        return switch (step) {
            case Step.CreateVersion c -> "CreateLaunchTemplateVersion " + label(c.templateId(), c.templateName())
                    + " SourceVersion=" + c.sourceVersion() + " MetadataOptions={" + c.metadata().describe() + "}";
            case Step.KeepLatest k -> "CreateLaunchTemplateVersion " + label(k.templateId(), k.templateName())
                    + " SourceVersion=" + k.sourceVersion() + " MetadataOptions={" + k.metadata().describe() + "}"
                    + (k.always() ? " (puts $Latest back on version " + k.sourceVersion() + "'s settings)"
                            : " (only if versions were added: keeps $Latest on version "
                                    + k.sourceVersion() + "'s settings)");
            case Step.SetDefault d -> "ModifyLaunchTemplate " + label(d.templateId(), d.templateName())
                    + " DefaultVersion=<the version created from " + d.sourceVersion() + ">";
            case Step.UpdateGroup u -> "UpdateAutoScalingGroup " + u.groupName() + ": " + String.join(", ",
                    u.updates().stream().map(s -> s.position() + " " + s.templateId() + " " + s.sourceVersion()
                            + " -> <the version created from " + s.sourceVersion() + ">").toList());
            case Step.StartRefresh r -> "StartInstanceRefresh " + r.groupName();
        };
    }

    private static String label(String id, String name) {
        return name == null ? id : id + " (" + name + ")";
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
    }
}
