package dev.imdsv2.rule.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imdsv2.rule.Assessor;
import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.Annotation;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Decision;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.properties.GeneratedAccount.Outcome;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdict's invariants over accounts drawn from seeded generators (the
 * seed is the test's name, so a failure replays exactly): what SPEC.md
 * promises must hold for every group of every account.
 */
class VerdictPropertiesTest {

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void property_compliantOnlyWhenEveryLaunchableVersionRequiresTokens(long seed) {
        GeneratedAccount account = GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(seed)));

        decide(account).forEach((group, decision) -> {
            if (decision instanceof Decision.Verdict v && v.compliance() == Compliance.COMPLIANT
                    && group.source() instanceof LaunchSource.Templates templates) {
                assertThat(templates.refs()).allSatisfy(ref ->
                        assertThat(account.outcome(ref)).as("%s in %s", ref, group.name()).isEqualTo(Outcome.SAFE));
            }
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void property_nonCompliantWheneverOneLaunchableVersionDoesNotRequireTokens(long seed) {
        GeneratedAccount account = GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(seed)));

        decide(account).forEach((group, decision) -> {
            boolean exempt = account.expected(group).equals(Optional.of(Compliance.NOT_APPLICABLE));
            if (!exempt && group.source() instanceof LaunchSource.Templates t
                    && t.refs().stream().anyMatch(ref -> account.outcome(ref) == Outcome.UNSAFE)) {
                assertThat(decision).as(group.name()).isInstanceOfSatisfying(Decision.Verdict.class,
                        v -> assertThat(v.compliance()).isEqualTo(Compliance.NON_COMPLIANT));
            }
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void property_verdictIsWhatTheSpecSays(long seed) {
        GeneratedAccount account = GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(seed)));

        decide(account).forEach((group, decision) -> assertThat(compliance(decision))
                .as(group.name()).isEqualTo(account.expected(group)));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void property_verdictDoesNotDependOnTheOrderOfOverridesOrGroups(long seed) {
        GeneratedAccount account = GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(seed)));
        GeneratedAccount shuffled = account.withShuffledReferences(new Random(~seed));

        Map<String, Optional<Compliance>> before = byArn(decide(account));
        Map<String, Optional<Compliance>> after = byArn(decide(shuffled));

        assertThat(after).isEqualTo(before);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void property_annotationIsOneTo256WellFormedCharacters(long seed) {
        GeneratedAccount account = GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(seed)));

        decide(account).values().forEach(decision -> {
            if (decision instanceof Decision.Verdict v) {
                assertThat(v.annotation()).hasSizeBetween(1, Annotation.MAX_LENGTH);
                assertThat(isWellFormed(v.annotation())).as("well-formed: %s", v.annotation()).isTrue();
            }
        });
    }

    static Map<AutoScalingGroup, Decision> decide(GeneratedAccount account) {
        RuleServices services = new RuleServices(account, account, account, null, new RecordingEvaluations());
        return new Assessor(services, account.parameters()).assess(account.groups(), true);
    }

    private static Map<String, Optional<Compliance>> byArn(Map<AutoScalingGroup, Decision> decisions) {
        Map<String, Optional<Compliance>> byArn = new HashMap<>();
        decisions.forEach((group, decision) -> byArn.put(group.arn(), compliance(decision)));
        return byArn;
    }

    private static Optional<Compliance> compliance(Decision decision) {
        return decision instanceof Decision.Verdict v ? Optional.of(v.compliance()) : Optional.empty();
    }

    static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
