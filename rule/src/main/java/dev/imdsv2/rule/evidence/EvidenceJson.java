package dev.imdsv2.rule.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The JSON shapes of an export: {@code evidence.json} (the rule's definition
 * and one object per resource, with the same names as the CSV's columns)
 * and the query object the manifest repeats. Times are ISO-8601 UTC.
 */
public final class EvidenceJson {

    private final ObjectMapper mapper;

    public EvidenceJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The whole of {@code evidence.json}, pretty-printed. */
    public String write(Evidence evidence) throws java.io.IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("complete", evidence.isComplete());
        root.put("exportedAt", evidence.exportedAt().toString());
        root.set("query", query(evidence));
        if (evidence.definition() == null) {
            root.putNull("rule");
        } else {
            root.set("rule", definition(evidence.definition()));
        }
        ArrayNode failures = root.putArray("failures");
        evidence.failures().forEach(f -> failures.addObject()
                .put("operation", f.operation())
                .put("scope", f.scope())
                .put("errorCode", f.errorCode())
                .put("message", f.message()));
        ArrayNode records = root.putArray("records");
        evidence.records().forEach(r -> records.add(record(r)));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** What was asked and of whom: the rule, the aggregator, the region, and every request sent. */
    public ObjectNode query(Evidence evidence) {
        ObjectNode query = mapper.createObjectNode();
        query.put("ruleName", evidence.query().ruleName());
        query.put("aggregator", evidence.query().aggregator());
        query.put("region", evidence.region());
        ArrayNode locations = query.putArray("locations");
        evidence.locations().forEach(l -> locations.addObject()
                .put("accountId", l.accountId())
                .put("region", l.region())
                .put("ruleName", l.ruleName()));
        ArrayNode calls = query.putArray("calls");
        for (ApiCall call : evidence.calls()) {
            ObjectNode node = calls.addObject();
            node.put("operation", call.operation());
            node.set("request", mapper.valueToTree(call.parameters()));
            node.put("pages", call.pages());
        }
        return query;
    }

    ObjectNode record(EvidenceRecord r) {
        ObjectNode node = mapper.createObjectNode();
        node.put("account_id", r.accountId());
        node.put("region", r.region());
        node.put("resource_type", r.resourceType());
        node.put("resource_id", r.resourceId());
        node.put("group_name", r.groupName());
        node.put("verdict", r.verdict());
        node.put("annotation", r.annotation());
        node.put("result_recorded_time", time(r.resultRecordedTime()));
        node.put("config_rule_invoked_time", time(r.configRuleInvokedTime()));
        node.put("rule_name", r.ruleName());
        node.put("rule_arn", r.ruleArn());
        node.put("parameters", r.parameters());
        return node;
    }

    ObjectNode definition(RuleDefinition d) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", d.name());
        node.put("arn", d.arn());
        node.put("description", d.description());
        node.put("state", d.state());
        node.put("owner", d.owner());
        node.put("sourceIdentifier", d.sourceIdentifier());
        node.put("inputParameters", d.inputParameters());
        node.set("triggers", mapper.valueToTree(d.triggers()));
        node.set("resourceTypes", mapper.valueToTree(d.resourceTypes()));
        RuleDefinition.EvaluationStatus s = d.status();
        if (s == null) {
            node.putNull("evaluationStatus");
        } else {
            node.putObject("evaluationStatus")
                    .put("lastSuccessfulInvocationTime", time(s.lastSuccessfulInvocation()))
                    .put("lastFailedInvocationTime", time(s.lastFailedInvocation()))
                    .put("lastSuccessfulEvaluationTime", time(s.lastSuccessfulEvaluation()))
                    .put("lastFailedEvaluationTime", time(s.lastFailedEvaluation()))
                    .put("firstActivatedTime", time(s.firstActivated()))
                    .put("lastErrorCode", s.lastErrorCode())
                    .put("lastErrorMessage", s.lastErrorMessage());
        }
        return node;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
