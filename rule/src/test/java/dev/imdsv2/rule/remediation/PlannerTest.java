package dev.imdsv2.rule.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.VersionSpec;
import dev.imdsv2.rule.remediation.GroupLaunches.Slot;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The plan as a pure function: no SDK, no network. */
class PlannerTest {

    private static final MetadataSettings DISABLED_REQUIRED =
            new MetadataSettings("required", "disabled", 1, null, null);
    private static final MetadataSettings DISABLED_OPTIONAL =
            new MetadataSettings("optional", "disabled", 3, null, "enabled");

    @Test
    void plan_whenEndpointDisabledAndTokensRequired_leavesItAndSaysSo() {
        RemediationPlan plan = new Planner(false, false).plan(group("3"), List.of(template(3, DISABLED_REQUIRED)),
                List.of());

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.notes()).singleElement().asString().contains("HttpEndpoint=disabled left as it is");
    }

    @Test
    void plan_whenEndpointDisabledAndAskedToEnable_copiesEverythingElse() {
        RemediationPlan plan = new Planner(false, true).plan(group("3"), List.of(template(3, DISABLED_OPTIONAL)),
                List.of());

        assertThat(plan.steps().getFirst()).isInstanceOfSatisfying(Step.CreateVersion.class, create ->
                assertThat(create.metadata()).isEqualTo(new MetadataSettings("required", "enabled", 3, null,
                        "enabled")));
    }

    @Test
    void plan_whenEndpointDisabledWithOptionalTokens_requiresTokensButKeepsItDisabled() {
        RemediationPlan plan = new Planner(false, false).plan(group("3"), List.of(template(3, DISABLED_OPTIONAL)),
                List.of());

        assertThat(plan.steps().getFirst()).isInstanceOfSatisfying(Step.CreateVersion.class, create ->
                assertThat(create.metadata().httpEndpoint()).isEqualTo("disabled"));
    }

    @Test
    void clientToken_dependsOnTemplateSourceAndSettings_only() {
        MetadataSettings settings = new MetadataSettings("required", null, null, null, null);

        assertThat(Planner.token("lt-1", 3, settings, "copy")).isEqualTo(Planner.token("lt-1", 3, settings, "copy"))
                .hasSize(55)
                .isNotEqualTo(Planner.token("lt-1", 4, settings, "copy"));
    }

    @Test
    void interruptedRunMarker_isReadOnlyFromACopyForAnotherVersion() {
        assertThat(Planner.latestBeforeInterruptedRun("IMDSv2 required (from version 3; $Latest was 7)"))
                .hasValue(7);
        assertThat(Planner.latestBeforeInterruptedRun("IMDSv2 required (from version 7; $Latest was 7)")).isEmpty();
        assertThat(Planner.latestBeforeInterruptedRun("$Latest kept as version 7 (IMDSv2 remediation)")).isEmpty();
    }

    private static GroupLaunches group(String version) {
        return new GroupLaunches("web", "arn:web", List.of(new Slot(new Position.LaunchTemplate(),
                new LaunchTemplateRef("lt-1", null, VersionSpec.parse(version)))), null, List.of());
    }

    private static TemplateState template(long number, MetadataSettings settings) {
        return new TemplateState("lt-1", "web", number, number, Map.of(number, settings), OptionalLong.empty());
    }
}
