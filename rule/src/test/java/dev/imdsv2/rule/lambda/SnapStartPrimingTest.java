package dev.imdsv2.rule.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.event.EventParser;
import dev.imdsv2.rule.event.Json;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapStartPrimingTest {

    @Test
    void beforeCheckpoint_buildsClientsAndRunsTheRealPathOnCannedAnswers() {
        AtomicInteger clientsBuilt = new AtomicInteger();
        var priming = new SnapStartPriming(clientsBuilt::incrementAndGet, new EventParser(Json.mapper()));

        priming.beforeCheckpoint(null);
        List<Evaluation> put = priming.prime();

        assertThat(clientsBuilt).hasValue(1);
        assertThat(put).singleElement().satisfies(e -> {
            assertThat(e.compliance()).isEqualTo(Compliance.COMPLIANT);
            assertThat(e.resourceId()).endsWith("autoScalingGroupName/prime");
            assertThat(e.annotation()).contains("HttpTokens=required");
        });
    }
}
