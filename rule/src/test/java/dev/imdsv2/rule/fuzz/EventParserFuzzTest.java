package dev.imdsv2.rule.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imdsv2.rule.ImdsV2Rule;
import dev.imdsv2.rule.aws.AwsCallFailedException;
import dev.imdsv2.rule.aws.ConfigurationItems;
import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.Annotation;
import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.decision.EvidenceGap;
import dev.imdsv2.rule.event.AutoScalingGroupJson;
import dev.imdsv2.rule.event.ConfigurationItem;
import dev.imdsv2.rule.event.EventParser;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.event.ResourceTypes;
import dev.imdsv2.rule.event.RuleInvocation;
import dev.imdsv2.rule.event.Trigger;
import dev.imdsv2.rule.properties.GeneratedAccount;
import dev.imdsv2.rule.properties.RecordingEvaluations;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.Random;

/**
 * Whatever bytes land in the handler: parsed into an invocation and run
 * through the whole rule against a made-up account, or refused with a
 * MalformedEventException (or, for what the account cannot give, the
 * documented AWS failures). The seeds are the events of test-fixtures/events.
 */
class EventParserFuzzTest {

    private static final EventParser PARSER = new EventParser(Json.mapper());

    // One account for every input: the fuzzer varies the event, not the account.
    private static final GeneratedAccount ACCOUNT =
            GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(8)));

    @FuzzTest(maxDuration = "10m")
    void parse_whenEventIsHostile_answersOrRefusesCleanly(byte[] event) {
        RuleInvocation invocation;
        try {
            invocation = PARSER.parse(new ByteArrayInputStream(event));
        } catch (RuntimeException e) {
            HostileInput.refusedCleanly(e);
            return;
        }
        assertThat(invocation.parameters()).isNotNull();
        assertThat(invocation.resultToken()).isNotBlank();

        RecordingEvaluations evaluations = new RecordingEvaluations();
        try {
            new ImdsV2Rule().run(invocation, services(evaluations));
        } catch (RuntimeException e) {
            HostileInput.refusedCleanly(e);
        }
        for (Evaluation evaluation : evaluations.put()) {
            assertSound(evaluation, invocation);
        }
    }

    private static void assertSound(Evaluation evaluation, RuleInvocation invocation) {
        assertThat(evaluation.resourceId()).isNotBlank();
        assertThat(evaluation.orderingTimestamp()).isNotNull();
        assertThat(evaluation.annotation()).hasSizeBetween(1, Annotation.MAX_LENGTH);
        assertThat(Optional.of(evaluation.compliance())).isEqualTo(expected(evaluation.resourceId(), invocation));
    }

    /** The verdict SPEC.md gives the resource, whether it came in the event or from the account. */
    private static Optional<Compliance> expected(String resourceId, RuleInvocation invocation) {
        GeneratedAccount account = ACCOUNT.withParameters(invocation.parameters());
        ConfigurationItem item = switch (invocation.trigger()) {
            case Trigger.ItemChanged changed -> changed.item();
            case Trigger.OversizedItemChanged oversized -> oversized.summary();
            case Trigger.Scheduled scheduled -> null;
        };
        if (item != null && item.resourceType().equals(ResourceTypes.AUTO_SCALING_GROUP)) {
            if (invocation.eventLeftScope() || item.isGone()) {
                return Optional.of(Compliance.NOT_APPLICABLE);
            }
            return account.expected(AutoScalingGroupJson.parse(item.configuration(), item.resourceId(), item.tags()));
        }
        return account.groups().stream()
                .filter(group -> group.arn().equals(resourceId))
                .findFirst()
                .flatMap(account::expected);
    }

    private static RuleServices services(RecordingEvaluations evaluations) {
        ConfigurationItems noHistory = (type, id) -> {
            throw new AwsCallFailedException(
                    new EvidenceGap("config:GetResourceConfigHistory", "NoItems", "Config returned no item"), id, null);
        };
        return new RuleServices(ACCOUNT, ACCOUNT, ACCOUNT, noHistory, evaluations);
    }
}
