package dev.imdsv2.rule.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imdsv2.rule.ImdsV2Rule;
import dev.imdsv2.rule.aws.ConfigEvaluations;
import dev.imdsv2.rule.aws.RuleServices;
import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.event.EventParser;
import dev.imdsv2.rule.event.Json;
import dev.imdsv2.rule.event.RuleInvocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.PutEvaluationsRequest;
import software.amazon.awssdk.services.config.model.PutEvaluationsResponse;

/**
 * What reaches Config: never more than 100 evaluations a call, each once,
 * in order; and the same event, run twice, puts the same evaluations.
 */
class ReportingPropertiesTest {

    static IntStream counts() {
        Random random = new Random(100);
        return IntStream.concat(IntStream.of(0, 1, 99, 100, 101, 199, 200, 201, 1000),
                IntStream.generate(() -> random.nextInt(450)).limit(40));
    }

    @ParameterizedTest(name = "{0} evaluations")
    @MethodSource("counts")
    void property_noPutEvaluationsCallCarriesMoreThan100(int count) {
        List<PutEvaluationsRequest> calls = new ArrayList<>();
        List<Evaluation> evaluations = IntStream.range(0, count)
                .mapToObj(i -> new Evaluation("arn:group/" + i, Compliance.values()[i % 3], "why " + i,
                        Instant.parse("2025-11-21T00:00:05.931Z")))
                .toList();

        new ConfigEvaluations(recordingConfig(calls)).put(evaluations, "token", false);

        assertThat(calls).allSatisfy(call -> assertThat(call.evaluations()).hasSizeBetween(1, 100));
        assertThat(calls).hasSize((count + 99) / 100);
        assertThat(calls.stream().flatMap(call -> call.evaluations().stream())
                .map(e -> e.complianceResourceId()).toList())
                .isEqualTo(evaluations.stream().map(Evaluation::resourceId).toList());
    }

    static LongStream seeds() {
        return LongStream.range(0, 100);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void property_sameSweepTwiceGivesSameEvaluations(long seed) {
        GeneratedAccount account = GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(seed)), 150);
        RuleInvocation sweep = parse("scheduled.json");

        assertThat(run(sweep, account)).isEqualTo(run(sweep, account));
    }

    static Stream<String> events() throws IOException {
        try (Stream<Path> files = Files.list(fixtures())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !name.startsWith("malformed-")
                            && !name.startsWith("cli-") && !name.contains("oversized"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void property_sameEventTwiceGivesSameEvaluations(String event) {
        GeneratedAccount account = GeneratedAccount.generate(GeneratedAccount.Choices.of(new Random(event.hashCode())));

        assertThat(run(parse(event), account)).isEqualTo(run(parse(event), account));
    }

    private static List<Evaluation> run(RuleInvocation invocation, GeneratedAccount account) {
        RecordingEvaluations evaluations = new RecordingEvaluations();
        RuleServices services = new RuleServices(account, account, account, null, evaluations);
        try {
            new ImdsV2Rule().run(invocation, services);
        } catch (dev.imdsv2.rule.EvidenceUnavailableException e) {
            // Groups without evidence get no evaluation; the others were put, and are compared.
        }
        return evaluations.put();
    }

    private static RuleInvocation parse(String name) {
        try (InputStream in = Files.newInputStream(fixtures().resolve(name))) {
            return new EventParser(Json.mapper()).parse(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path fixtures() {
        return Path.of(System.getProperty("fixtures.dir", "../test-fixtures")).resolve("events");
    }

    private static ConfigClient recordingConfig(List<PutEvaluationsRequest> calls) {
        return new ConfigClient() {
            @Override
            public PutEvaluationsResponse putEvaluations(PutEvaluationsRequest request) {
                assertThat(request.evaluations()).hasSizeLessThanOrEqualTo(ConfigEvaluations.BATCH);
                calls.add(request);
                return PutEvaluationsResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "config";
            }

            @Override
            public void close() {
            }
        };
    }
}
