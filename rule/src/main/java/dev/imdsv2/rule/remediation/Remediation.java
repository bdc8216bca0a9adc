package dev.imdsv2.rule.remediation;

import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.log.JsonLog;
import dev.imdsv2.rule.remediation.RemediationReport.Outcome;
import dev.imdsv2.rule.remediation.RemediationReport.Status;
import dev.imdsv2.rule.remediation.RemediationReport.StepResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one remediation: reads the group and its templates, plans, and, unless
 * it is a dry run, applies the steps in order, stopping at the first failure.
 *
 * <p>Safe to rerun. Each run plans from what AWS holds now, so once the
 * group's versions require tokens there is nothing left to do; a version
 * created before a failure is found again through its client token, not made
 * twice; and the report names the steps done and the steps left.
 */
public final class Remediation {

    private final Fleet fleet;

    public Remediation(Fleet fleet) {
        this.fleet = fleet;
    }

    public RemediationReport run(RemediationRequest request) {
        RemediationPlan plan;
        try {
            plan = plan(request);
        } catch (PlanException | IllegalArgumentException e) {
            return new RemediationReport(request, null, Outcome.NOT_PLANNED,
                    "no plan, nothing changed: " + e.getMessage(), List.of());
        }
        if (plan.isEmpty()) {
            return new RemediationReport(request, plan, Outcome.NOTHING_TO_DO,
                    "nothing to do: every version " + plan.groupName() + " launches from requires IMDSv2"
                            + (request.refresh() ? " and no instance runs one that does not" : ""),
                    List.of());
        }
        if (request.dryRun()) {
            return new RemediationReport(request, plan, Outcome.PLANNED,
                    "dry run: " + plan.steps().size() + " step(s) planned, nothing changed", List.of());
        }
        var refusal = plan.refusal(request.allowShared());
        if (refusal.isPresent()) {
            return new RemediationReport(request, plan, Outcome.REFUSED, refusal.get() + "; nothing changed",
                    List.of());
        }
        return apply(request, plan);
    }

    private RemediationPlan plan(RemediationRequest request) {
        GroupLaunches group = fleet.group(request.groupName());
        if (request.groupArn().isPresent() && !request.groupArn().get().equals(group.arn())) {
            throw new PlanException("group " + group.name() + " now has ARN " + group.arn() + ", not "
                    + request.groupArn().get() + ": it was deleted and recreated since it was judged");
        }
        List<TemplateState> templates = fleet.templates(group);
        Planner planner = new Planner(request.refresh(), request.enableEndpoint());
        List<AutoScalingGroup> others = planner.changesTemplates(group, templates) ? fleet.allGroups() : List.of();
        return planner.plan(group, templates, others);
    }

    private RemediationReport apply(RemediationRequest request, RemediationPlan plan) {
        Map<String, Long> created = new HashMap<>();
        List<StepResult> results = new ArrayList<>();
        List<Step> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            try {
                String detail = execute(step, created);
                Status status = detail.startsWith("not needed") ? Status.SKIPPED : Status.DONE;
                results.add(new StepResult(i + 1, step, status, detail));
                JsonLog.info("remediation step", "group", plan.groupName(), "step", i + 1,
                        "call", step.call(), "status", status, "detail", detail);
            } catch (SdkException e) {
                results.add(new StepResult(i + 1, step, Status.FAILED, step.call() + " failed: "
                        + AwsFleet.reason(e)));
                for (int j = i + 1; j < steps.size(); j++) {
                    results.add(new StepResult(j + 1, steps.get(j), Status.NOT_RUN, "not run"));
                }
                return new RemediationReport(request, plan, Outcome.FAILED, failure(results), results);
            }
        }
        return new RemediationReport(request, plan, Outcome.APPLIED,
                "applied: " + steps.size() + " step(s) for " + plan.groupName(), results);
    }

    private String execute(Step step, Map<String, Long> created) {
        return switch (step) {
            case Step.CreateVersion c -> {
                long number = fleet.createVersion(c.templateId(), c.sourceVersion(), c.metadata(), c.description(),
                        c.clientToken());
                created.put(key(c.templateId(), c.sourceVersion()), number);
                yield number > c.currentLatest()
                        ? "created version " + number + " of " + c.templateId() + " from version " + c.sourceVersion()
                        : "version " + number + " of " + c.templateId() + " was already created from version "
                                + c.sourceVersion() + " by an earlier run (same client token)";
            }
            case Step.KeepLatest k -> {
                boolean added = created.entrySet().stream().anyMatch(e -> e.getKey().startsWith(k.templateId() + "@")
                        && e.getValue() > k.currentLatest());
                if (!added && !k.always()) {
                    yield "not needed: no version was added to " + k.templateId() + ", $Latest is unchanged";
                }
                long number = fleet.createVersion(k.templateId(), k.sourceVersion(), k.metadata(), k.description(),
                        k.clientToken());
                yield "created version " + number + " of " + k.templateId() + " from version " + k.sourceVersion()
                        + ": $Latest launches version " + k.sourceVersion() + "'s settings again";
            }
            case Step.SetDefault d -> {
                long number = createdFrom(created, d.templateId(), d.sourceVersion());
                fleet.setDefault(d.templateId(), number);
                yield "default version of " + d.templateId() + " is now " + number;
            }
            case Step.UpdateGroup u -> {
                Map<Position, Long> versions = new LinkedHashMap<>();
                List<String> moved = new ArrayList<>();
                for (Step.SlotUpdate slot : u.updates()) {
                    long number = createdFrom(created, slot.templateId(), slot.sourceVersion());
                    versions.put(slot.position(), number);
                    moved.add(slot.position() + " " + slot.sourceVersion() + " -> " + number);
                }
                fleet.updateGroup(u.groupName(), versions);
                yield "group " + u.groupName() + " now launches: " + String.join(", ", moved);
            }
            case Step.StartRefresh r -> "instance refresh " + fleet.startRefresh(r.groupName()) + " started";
        };
    }

    private static long createdFrom(Map<String, Long> created, String templateId, long source) {
        Long number = created.get(key(templateId, source));
        if (number == null) {
            throw new IllegalStateException("no version of " + templateId + " was created from " + source
                    + " before the step that needs it");
        }
        return number;
    }

    private static String key(String templateId, long source) {
        return templateId + "@" + source;
    }

    private static String failure(List<StepResult> results) {
        List<String> done = new ArrayList<>();
        List<String> notDone = new ArrayList<>();
        String failed = "";
        for (StepResult r : results) {
            switch (r.status()) {
                case DONE, SKIPPED -> done.add(Integer.toString(r.number()));
                case FAILED -> {
                    failed = "step " + r.number() + " (" + r.detail() + ")";
                    notDone.add(Integer.toString(r.number()));
                }
                case NOT_RUN -> notDone.add(Integer.toString(r.number()));
            }
        }
        return "failed at " + failed + "; done: " + (done.isEmpty() ? "none" : String.join(", ", done))
                + "; not done: " + String.join(", ", notDone) + "; rerun to complete (it plans again from what AWS"
                + " holds and reuses versions already created)";
    }
}
