package dev.imdsv2.rule;

import dev.imdsv2.rule.aws.AwsCallFailedException;
import dev.imdsv2.rule.aws.Evaluations.Recorded;
import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Decision;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.decision.EvidenceGap;
import dev.imdsv2.rule.event.AutoScalingGroupJson;
import dev.imdsv2.rule.event.ConfigurationItem;
import dev.imdsv2.rule.event.ResourceTypes;
import dev.imdsv2.rule.event.RuleInvocation;
import dev.imdsv2.rule.event.Trigger;
import dev.imdsv2.rule.log.JsonLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * The rule, end to end for one invocation: from what woke it to the groups to
 * judge, their decisions, and the evaluations put to Config.
 *
 * <ul>
 *   <li>a group's change judges that group from the item;</li>
 *   <li>a launch template's change re-judges the groups that name it;</li>
 *   <li>a sweep judges every group, marks vanished ones not applicable, and
 *       (unless {@code ReportUnchanged=TRUE}) puts only what changed.</li>
 * </ul>
 * Groups it could not decide get no evaluation; after putting the rest, it
 * fails with the calls, error codes and groups named.
 */
public final class ImdsV2Rule {

    /** What one invocation put. */
    public record Result(List<Evaluation> evaluations) {
    }

    public Result run(RuleInvocation invocation, RuleServices services) {
        return switch (invocation.trigger()) {
            case Trigger.ItemChanged changed -> onItem(changed.item(), invocation, services);
            case Trigger.OversizedItemChanged oversized -> onItem(fullItem(oversized.summary(), services),
                    invocation, services);
            case Trigger.Scheduled scheduled -> sweep(scheduled.notificationCreationTime(), invocation, services);
        };
    }

    /** The summary is enough for deletions and templates; a live group needs its whole item. */
    private static ConfigurationItem fullItem(ConfigurationItem summary, RuleServices services) {
        if (summary.isGone() || summary.resourceType().equals(ResourceTypes.LAUNCH_TEMPLATE)) {
            return summary;
        }
        ConfigurationItem item = services.configurationItems().latest(summary.resourceType(), summary.resourceId());
        if (!item.isGone() && (item.configuration() == null || !item.configuration().isObject())) {
            throw new EvidenceUnavailableException("config:GetResourceConfigHistory returned item of "
                    + summary.resourceId() + " with status " + item.status() + " but no configuration");
        }
        return item;
    }

    private Result onItem(ConfigurationItem item, RuleInvocation invocation, RuleServices services) {
        Instant at = item.captureTime();
        if (item.resourceType().equals(ResourceTypes.LAUNCH_TEMPLATE)) {
            return onTemplate(item, invocation, services);
        }
        if (invocation.eventLeftScope()) {
            return report(List.of(notApplicable(item.resourceId(), "left the rule's scope", at)), invocation, services);
        }
        if (item.isGone()) {
            return report(List.of(notApplicable(item.resourceId(), "configuration item status " + item.status(), at)),
                    invocation, services);
        }
        AutoScalingGroup group = AutoScalingGroupJson.parse(item.configuration(), item.resourceId(), item.tags());
        return judge(List.of(group), at, false, invocation, services, Map.of());
    }

    private Result onTemplate(ConfigurationItem template, RuleInvocation invocation, RuleServices services) {
        String id = template.resourceId();
        String name = template.resourceName();
        List<AutoScalingGroup> affected = services.groups().all().stream()
                .filter(group -> group.launchesFrom(id, name))
                .toList();
        JsonLog.info("launch template changed", "template", id, "status", template.status(),
                "groups", affected.size());
        return judge(affected, template.captureTime(), false, invocation, services, Map.of());
    }

    private Result sweep(Instant at, RuleInvocation invocation, RuleServices services) {
        String ruleName = invocation.configRuleName();
        if (ruleName == null) {
            return sweep(services.groups().all(), Map.of(), at, invocation, services);
        }
        // The region's groups and what Config holds are two chains of pages (100 a
        // page each) that do not depend on each other: read side by side, a sweep
        // waits for the longer chain instead of both.
        try (ExecutorService side = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Map<String, Recorded>> held = side.submit(() -> services.evaluations().recorded(ruleName));
            List<AutoScalingGroup> groups;
            try {
                groups = services.groups().all();
            } catch (RuntimeException e) {
                held.cancel(true);
                throw e;
            }
            Map<String, Recorded> recorded;
            try {
                recorded = answer(held);
            } catch (AwsCallFailedException e) {
                // The verdicts do not depend on what Config holds: put them all,
                // unfiltered, then fail so that the next run can mark vanished groups.
                Result result = sweep(groups, Map.of(), at, invocation, services);
                throw new EvidenceUnavailableException(e.getMessage() + "; put all " + result.evaluations().size()
                        + " evaluation(s) without comparing them with what Config holds, and marked no vanished"
                        + " group NOT_APPLICABLE");
            }
            return sweep(groups, recorded, at, invocation, services);
        }
    }

    private Result sweep(List<AutoScalingGroup> groups, Map<String, Recorded> recorded, Instant at,
                         RuleInvocation invocation, RuleServices services) {
        JsonLog.info("sweep", "groups", groups.size(), "recorded", recorded.size());
        return judge(groups, at, true, invocation, services, recorded);
    }

    /** What a call on another thread returned, or what it threw, as if it had run on this one. */
    private static <T> T answer(Future<T> call) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading what Config holds", e);
        }
    }

    private Result judge(List<AutoScalingGroup> groups, Instant at, boolean sweep, RuleInvocation invocation,
                         RuleServices services, Map<String, Recorded> recorded) {
        Map<AutoScalingGroup, Decision> decisions = new Assessor(services, invocation.parameters())
                .assess(groups, sweep);
        List<Evaluation> evaluations = new ArrayList<>();
        Map<String, List<EvidenceGap>> undecided = new LinkedHashMap<>();
        decisions.forEach((group, decision) -> {
            switch (decision) {
                case Decision.Verdict v -> {
                    JsonLog.info("verdict", "resource", group.arn(), "verdict", v.compliance(),
                            "reason", v.annotation());
                    evaluations.add(new Evaluation(group.arn(), v.compliance(), v.annotation(), at));
                }
                case Decision.Undecided u -> {
                    JsonLog.warn("no verdict", "resource", group.arn(), "reason", u.gaps().getFirst());
                    undecided.put(group.arn(), u.gaps());
                }
            }
        });
        if (sweep) {
            evaluations.addAll(vanished(groups, recorded, at));
            if (!invocation.parameters().reportUnchanged()) {
                evaluations.removeIf(e -> isUnchanged(e, recorded.get(e.resourceId())));
            }
        }
        Result result = report(evaluations, invocation, services);
        if (!undecided.isEmpty()) {
            throw new EvidenceUnavailableException(describe(undecided, evaluations.size()));
        }
        return result;
    }

    /** Groups Config holds a result for that no longer exist: no longer in scope of any verdict. */
    private static List<Evaluation> vanished(List<AutoScalingGroup> groups, Map<String, Recorded> recorded,
                                             Instant at) {
        Set<String> present = new HashSet<>();
        groups.forEach(g -> present.add(g.arn()));
        List<Evaluation> gone = new ArrayList<>();
        recorded.forEach((resourceId, result) -> {
            if (!present.contains(resourceId) && result.compliance() != Compliance.NOT_APPLICABLE) {
                gone.add(notApplicable(resourceId, "group no longer exists", at));
            }
        });
        return gone;
    }

    private static boolean isUnchanged(Evaluation evaluation, Recorded recorded) {
        return recorded != null
                && recorded.compliance() == evaluation.compliance()
                && evaluation.annotation().equals(recorded.annotation());
    }

    private static Evaluation notApplicable(String resourceId, String why, Instant at) {
        JsonLog.info("verdict", "resource", resourceId, "verdict", Compliance.NOT_APPLICABLE, "reason", why);
        return new Evaluation(resourceId, Compliance.NOT_APPLICABLE, why, at);
    }

    private static Result report(List<Evaluation> evaluations, RuleInvocation invocation, RuleServices services) {
        if (!evaluations.isEmpty()) {
            services.evaluations().put(evaluations, invocation.resultToken(), invocation.isTestMode());
        }
        return new Result(List.copyOf(evaluations));
    }

    /** Names up to twenty groups, and counts the rest, so a message stays readable in a large sweep. */
    private static String listed(List<String> groups) {
        int shown = Math.min(groups.size(), 20);
        String names = String.join(", ", groups.subList(0, shown));
        return shown == groups.size() ? names : names + " and " + (groups.size() - shown) + " more";
    }

    private static String describe(Map<String, List<EvidenceGap>> undecided, int put) {
        Map<String, List<String>> byGap = new LinkedHashMap<>();
        undecided.forEach((group, gaps) -> gaps.stream().distinct()
                .forEach(gap -> byGap.computeIfAbsent(gap.toString(), k -> new ArrayList<>()).add(group)));
        String causes = byGap.entrySet().stream()
                .map(e -> e.getKey() + " [groups: " + listed(e.getValue()) + "]")
                .collect(Collectors.joining("; "));
        return "no verdict for " + undecided.size() + " group(s), " + put + " evaluation(s) put: " + causes;
    }
}
