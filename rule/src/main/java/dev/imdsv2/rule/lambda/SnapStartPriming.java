package dev.imdsv2.rule.lambda;

import dev.imdsv2.rule.ImdsV2Rule;
import dev.imdsv2.rule.aws.ConfigurationItems;
import dev.imdsv2.rule.aws.Evaluations;
import dev.imdsv2.rule.aws.LaunchTemplates;
import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.AccountDefault;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.decision.TemplateFacts;
import dev.imdsv2.rule.event.EventParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Warms the function before SnapStart takes its snapshot: the SDK clients are
 * built, and one group change event runs through the real parser, judge and
 * reporting path against canned in-memory answers. No network call is made,
 * and no credential is resolved, so nothing stale is frozen into the snapshot.
 */
final class SnapStartPriming implements Resource {

    private static final String EVENT = """
            {"invokingEvent":"{\\"messageType\\":\\"ConfigurationItemChangeNotification\\",\
            \\"notificationCreationTime\\":\\"2026-01-01T00:00:00Z\\",\\"configurationItem\\":{\
            \\"resourceType\\":\\"AWS::AutoScaling::AutoScalingGroup\\",\
            \\"resourceId\\":\\"arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:0:\
            autoScalingGroupName/prime\\",\
            \\"configurationItemStatus\\":\\"OK\\",\\"configurationItemCaptureTime\\":\\"2026-01-01T00:00:00Z\\",\
            \\"configuration\\":{\\"autoScalingGroupName\\":\\"prime\\",\\"launchTemplate\\":{\
            \\"launchTemplateId\\":\\"lt-00000000000000000\\",\\"version\\":\\"$Latest\\"}}}}",\
            "ruleParameters":"{}","resultToken":"TESTMODE"}""";

    private final Supplier<?> clients;
    private final EventParser parser;

    SnapStartPriming(Supplier<?> clients, EventParser parser) {
        this.clients = clients;
        this.parser = parser;
    }

    /** Registers with the runtime; a no-op outside a CRaC or SnapStart runtime. */
    void register() {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        clients.get();
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: no credential or connection was made before the snapshot.
    }

    /** Runs the real path once on canned answers; returns what would have been put. */
    List<Evaluation> prime() {
        var invocation = parser.parse(new ByteArrayInputStream(EVENT.getBytes(StandardCharsets.UTF_8)));
        List<Evaluation> put = new java.util.ArrayList<>();
        return new ImdsV2Rule().run(invocation, cannedServices(put)).evaluations();
    }

    private static RuleServices cannedServices(List<Evaluation> put) {
        LaunchTemplates templates = (refs, evidence, wholeAccount) -> evidence.found(new TemplateFacts.Found(
                "lt-00000000000000000", "prime", OptionalLong.of(1), OptionalLong.of(1),
                Map.of(1L, new MetadataOptions("required", "enabled")), Set.of()));
        ConfigurationItems noHistory = (type, id) -> {
            throw new IllegalStateException("priming reads no history");
        };
        Evaluations sink = new Evaluations() {
            @Override
            public void put(List<Evaluation> evaluations, String resultToken, boolean testMode) {
                put.addAll(evaluations);
            }

            @Override
            public Map<String, Recorded> recorded(String configRuleName) {
                return Map.of();
            }
        };
        var groups = new dev.imdsv2.rule.aws.AutoScalingGroups() {
            @Override
            public List<AutoScalingGroup> all() {
                return List.of();
            }

            @Override
            public void gatherLaunchConfigurations(java.util.Collection<String> names,
                                                   dev.imdsv2.rule.decision.Evidence.Builder evidence) {
            }
        };
        return new RuleServices(templates, groups, () -> AccountDefault.NOT_CONSULTED, noHistory, sink);
    }
}
