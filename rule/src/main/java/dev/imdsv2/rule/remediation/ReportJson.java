package dev.imdsv2.rule.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imdsv2.rule.remediation.RemediationPlan.Launch;
import dev.imdsv2.rule.remediation.RemediationPlan.SharedGroup;
import dev.imdsv2.rule.remediation.RemediationReport.StepResult;

/** The report as JSON: what the Lambda handler answers and {@code remediate --format json} prints. */
public final class ReportJson {

    private ReportJson() {
    }

    public static ObjectNode of(RemediationReport report, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        RemediationRequest request = report.request();
        root.put("group", request.group());
        root.put("dryRun", request.dryRun());
        root.put("refresh", request.refresh());
        root.put("allowShared", request.allowShared());
        root.put("enableEndpoint", request.enableEndpoint());
        root.put("outcome", report.outcome().name());
        root.put("message", report.message());
        RemediationPlan plan = report.plan();
        if (plan != null) {
            root.put("groupName", plan.groupName());
            root.put("groupArn", plan.groupArn());
            ArrayNode launches = root.putArray("launches");
            for (Launch l : plan.launches()) {
                launches.addObject()
                        .put("position", l.position().toString())
                        .put("template", l.template())
                        .put("version", l.version())
                        .put("versionNumber", l.number())
                        .put("metadataOptions", l.settings().describe())
                        .put("needsNewVersion", l.needsNewVersion());
            }
            ArrayNode steps = root.putArray("steps");
            for (int i = 0; i < plan.steps().size(); i++) {
                Step step = plan.steps().get(i);
                ObjectNode node = steps.addObject().put("step", i + 1).put("call", step.call());
                node.put("plan", ReportText.step(step));
                result(report, i + 1).ifPresent(r -> node.put("status", r.status().name()).put("result", r.detail()));
            }
            ArrayNode notes = root.putArray("notes");
            plan.notes().forEach(notes::add);
            ArrayNode shared = root.putArray("sharedGroups");
            for (SharedGroup s : plan.sharedGroups()) {
                shared.addObject()
                        .put("group", s.groupName())
                        .put("template", s.template())
                        .put("version", s.version())
                        .put("changes", s.changes())
                        .put("effect", s.effect());
            }
        }
        return root;
    }

    private static java.util.Optional<StepResult> result(RemediationReport report, int number) {
        return report.results().stream().filter(r -> r.number() == number).findFirst();
    }
}
