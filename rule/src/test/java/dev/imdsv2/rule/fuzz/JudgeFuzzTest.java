package dev.imdsv2.rule.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.imdsv2.rule.Assessor;
import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.Annotation;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Decision;
import dev.imdsv2.rule.properties.GeneratedAccount;
import dev.imdsv2.rule.properties.RecordingEvaluations;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts, groups, evidence and parameters drawn from the fuzzer's bytes:
 * the judge (through the assessor, as the rule calls it) never throws and
 * gives exactly the verdict SPEC.md gives, with an annotation Config accepts.
 */
class JudgeFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void decide_whenAccountIsArbitrary_givesTheSpecVerdict(FuzzedDataProvider data) {
        GeneratedAccount account = GeneratedAccount.generate(new GeneratedAccount.Choices() {
            @Override
            public int below(int bound) {
                return data.consumeInt(0, bound - 1);
            }

            @Override
            public String text(int maxLength) {
                return data.consumeString(maxLength);
            }
        });
        RuleServices services = new RuleServices(account, account, account,
                (type, id) -> {
                    throw new AssertionError("no history is read while judging");
                },
                new RecordingEvaluations());

        Map<AutoScalingGroup, Decision> decisions = new Assessor(services, account.parameters())
                .assess(account.groups(), data.consumeBoolean());

        assertThat(decisions).hasSize(account.groups().size());
        boolean namesWellFormed = account.templates().stream().allMatch(t -> WellFormed.isWellFormed(t.name()));
        decisions.forEach((group, decision) -> {
            switch (decision) {
                case Decision.Verdict verdict -> {
                    assertThat(Optional.of(verdict.compliance())).as(group.name()).isEqualTo(account.expected(group));
                    assertThat(verdict.annotation()).hasSizeBetween(1, Annotation.MAX_LENGTH);
                    if (namesWellFormed) {
                        assertThat(WellFormed.isWellFormed(verdict.annotation()))
                                .as("annotation is well-formed UTF-16: %s", verdict.annotation()).isTrue();
                    }
                }
                case Decision.Undecided undecided -> {
                    assertThat(account.expected(group)).as(group.name()).isEmpty();
                    assertThat(undecided.gaps()).isNotEmpty();
                }
            }
        });
    }
}
