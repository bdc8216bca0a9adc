package dev.imdsv2.rule.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imdsv2.rule.aws.Accounts;
import dev.imdsv2.rule.aws.Evaluations;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.lambda.ConfigRuleHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the Lambda handler on an event file, with the standard AWS SDK
 * environment, and prints each evaluation it put as one JSON line.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Run the Lambda handler on EVENT (a Config rule event, as Lambda receives it) and print"
                + " each evaluation it put as a JSON line. Exit 0 when the handler succeeded, 1 when it failed.")
final class InvokeCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "EVENT", description = "the event file")
    Path event;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(event)) {
            spec.commandLine().getErr().println("invoke: cannot read event file " + event);
            return Main.USAGE;
        }
        List<Evaluation> put = Collections.synchronizedList(new ArrayList<>());
        Accounts accounts = Accounts.fromEnvironment(MAPPER,
                services -> services.withEvaluations(new Recording(services.evaluations(), put)));
        var handler = new ConfigRuleHandler(accounts);
        PrintWriter out = spec.commandLine().getOut();
        int exit = 0;
        try (InputStream in = Files.newInputStream(event)) {
            handler.handleRequest(in, OutputStream.nullOutputStream(), null);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("invoke: handler failed: " + e.getMessage());
            exit = Main.FAILED;
        }
        for (Evaluation evaluation : put) {
            out.println(MAPPER.writeValueAsString(json(evaluation)));
        }
        out.flush();
        return exit;
    }

    private static ObjectNode json(Evaluation e) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("ComplianceResourceType", Evaluation.RESOURCE_TYPE);
        node.put("ComplianceResourceId", e.resourceId());
        node.put("ComplianceType", e.compliance().name());
        node.put("Annotation", e.annotation());
        node.put("OrderingTimestamp", e.orderingTimestamp().toString());
        return node;
    }

    /** Passes evaluations on, keeping those Config accepted. */
    private record Recording(Evaluations delegate, List<Evaluation> put) implements Evaluations {
        @Override
        public void put(List<Evaluation> evaluations, String resultToken, boolean testMode) {
            delegate.put(evaluations, resultToken, testMode);
            put.addAll(evaluations);
        }

        @Override
        public Map<String, Recorded> recorded(String configRuleName) {
            return delegate.recorded(configRuleName);
        }
    }
}
