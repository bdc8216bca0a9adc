package dev.imdsv2.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's sweep at a small size, as a check that it still measures
 * what it claims: every group gets a verdict and the rule makes exactly the
 * computed minimum of calls. Times are never asserted: this is not the
 * benchmark, only its smoke test.
 */
class FleetSweepSmokeTest {

    private static final Set<String> PROPERTIES = Set.of(
            "aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey");

    private final Fleet fleet = Fleet.generate(300, 30, 7);
    private final TokenBucket bucket = TokenBucket.ec2Describe();
    private LoopbackAws aws;

    @BeforeEach
    void start() {
        aws = new LoopbackAws(fleet, Duration.ZERO, bucket);
        System.setProperty("aws.endpointUrl", aws.endpoint());
        System.setProperty("aws.region", Fleet.REGION);
        System.setProperty("aws.accessKeyId", "AKIDBENCHMARKEXAMPLE");
        System.setProperty("aws.secretAccessKey", "bench-secret-key");
    }

    @AfterEach
    void stop() {
        PROPERTIES.forEach(System::clearProperty);
        aws.close();
    }

    @Test
    void sweep_ofSmallFleet_judgesEveryGroupWithTheMinimumCalls() {
        SweepDriver driver = new SweepDriver();

        SweepDriver.Outcome first = driver.sweep(false);
        LoopbackAws.Stats firstCalls = aws.snapshot();

        assertThat(first.failure()).isNull();
        Set<String> arns = fleet.groups().stream().map(Fleet.Group::arn).collect(Collectors.toSet());
        assertThat(aws.recorded().keySet()).isEqualTo(arns);
        assertThat(first.evaluationsPut()).isEqualTo(300);
        assertThat(firstCalls.calls()).isEqualTo(FleetBenchmark.minimumCalls(fleet, 300, 0));
        assertThat(firstCalls.retriesExhausted()).isZero();
    }

    @Test
    void sweep_inSteadyState_putsNothingAndReadsWhatConfigHolds() {
        SweepDriver driver = new SweepDriver();
        driver.sweep(false);
        bucket.refill();
        aws.snapshot();

        SweepDriver.Outcome steady = driver.sweep(false);
        LoopbackAws.Stats steadyCalls = aws.snapshot();

        assertThat(steady.failure()).isNull();
        assertThat(steady.evaluationsPut()).isZero();
        Map<String, Long> minimum = FleetBenchmark.minimumCalls(fleet, 0, 300);
        minimum.remove("PutEvaluations");
        assertThat(steadyCalls.calls()).isEqualTo(minimum);
    }

    @Test
    void fleet_pinsAboutATenthOfItsReferences() {
        assertThat(fleet.pinnedShare()).isBetween(0.05, 0.15);
        assertThat(fleet.pinnedTemplates()).isEqualTo(3);
    }
}
