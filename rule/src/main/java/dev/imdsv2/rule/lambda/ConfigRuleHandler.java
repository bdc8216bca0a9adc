package dev.imdsv2.rule.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.ImdsV2Rule;
import dev.imdsv2.rule.aws.Accounts;
import dev.imdsv2.rule.event.EventParser;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.event.RuleInvocation;
import dev.imdsv2.rule.log.JsonLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The Lambda entry point AWS Config invokes. Thin by design: read the event,
 * let the rule decide and report, answer with a count. Clients are built once
 * per container and reused; under SnapStart they are built, and the whole
 * path run once on canned answers, before the snapshot.
 */
public final class ConfigRuleHandler implements RequestStreamHandler {

    static final ObjectMapper MAPPER = Json.mapper();

    private final EventParser parser = new EventParser(MAPPER);
    private final ImdsV2Rule rule = new ImdsV2Rule();
    private final Accounts accounts;

    /** What Lambda calls: the environment's region, credentials and endpoints. */
    public ConfigRuleHandler() {
        this(Shared.ACCOUNTS);
        Shared.PRIMING.register();
    }

    public ConfigRuleHandler(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        RuleInvocation invocation = parser.parse(input);
        JsonLog.debug("invocation", "trigger", invocation.trigger().getClass().getSimpleName(),
                "rule", invocation.configRuleName(), "account", invocation.accountId());
        ImdsV2Rule.Result result = rule.run(invocation, accounts.servicesFor(invocation));
        MAPPER.writeValue(output, Map.of("evaluations", result.evaluations().size()));
    }

    /** Holder so that the clients are built on first use of the no-argument handler, and only then. */
    private static final class Shared {
        static final Accounts ACCOUNTS = Accounts.fromEnvironment(MAPPER, UnaryOperator.identity());
        // Held here: the runtime's context may keep only a weak reference to a resource.
        static final SnapStartPriming PRIMING = new SnapStartPriming(() -> ACCOUNTS, new EventParser(MAPPER));
    }
}
