package dev.imdsv2.rule.remediation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imdsv2.rule.aws.AwsClients;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.log.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The remediation as a Lambda function, which the SSM Automation document
 * invokes. Input: {@code {"group": NAME_OR_ARN, "dryRun": bool, "refresh":
 * bool, "allowShared": bool, "enableEndpoint": bool}}, each flag a JSON
 * boolean or the text {@code true}/{@code false} (as SSM substitutes it).
 * Output: the plan and each step's result as JSON. A run that is refused,
 * cannot plan or fails part-way throws, so the Automation step and Config's
 * remediation record it as failed; the report is logged first.
 */
public final class RemediationHandler implements RequestStreamHandler {

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final Set<String> FIELDS = Set.of("group", "dryRun", "refresh", "allowShared", "enableEndpoint");

    private final Supplier<Fleet> fleet;

    /** What Lambda calls: the environment's region, credentials and endpoints; clients built once per container. */
    public RemediationHandler() {
        this(() -> Shared.FLEET);
    }

    public RemediationHandler(Supplier<Fleet> fleet) {
        this.fleet = fleet;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        RemediationRequest request = request(MAPPER.readTree(input));
        RemediationReport report = new Remediation(fleet.get()).run(request);
        ObjectNode json = ReportJson.of(report, MAPPER);
        JsonLog.info("remediation", "group", request.group(), "outcome", report.outcome(),
                "message", report.message());
        if (!report.outcome().succeeded()) {
            JsonLog.info("remediation report", "report", json.toString());
            throw new RemediationFailedException(report.outcome() + ": " + report.message());
        }
        MAPPER.writeValue(output, json);
    }

    static RemediationRequest request(JsonNode input) {
        if (input == null || !input.isObject()) {
            throw new IllegalArgumentException("remediation input must be a JSON object with 'group'; got "
                    + (input == null ? "nothing" : input.getNodeType()));
        }
        input.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("remediation input has unknown field '" + name + "'; known: "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        });
        JsonNode group = input.get("group");
        if (group == null || !group.isTextual()) {
            throw new IllegalArgumentException("remediation input field 'group' must be a group name or ARN; got "
                    + group);
        }
        RemediationRequest request = new RemediationRequest(group.asText(), flag(input, "dryRun"),
                flag(input, "refresh"), flag(input, "allowShared"), flag(input, "enableEndpoint"));
        request.groupName();
        return request;
    }

    private static boolean flag(JsonNode input, String name) {
        JsonNode value = input.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw new IllegalArgumentException("remediation input field '" + name + "' must be true or false; got "
                + value);
    }

    /** Thrown when a run did not succeed; the message says what was and was not done. */
    public static final class RemediationFailedException extends RuntimeException {
        public RemediationFailedException(String message) {
            super(message);
        }
    }

    /** Holder so the clients are built on first use of the no-argument handler, and only then. */
    private static final class Shared {
        static final AwsClients CLIENTS = AwsClients.fromEnvironment();
        static final Fleet FLEET = new AwsFleet(CLIENTS.ec2(), CLIENTS.autoScaling());
    }
}
