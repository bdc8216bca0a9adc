package dev.imdsv2.rule.remediation;

import java.util.List;

/**
 * What a remediation run found and did: the plan (absent when none could be
 * made), each step's result in order, and one outcome with a message that
 * says what was and was not done.
 */
public record RemediationReport(
        RemediationRequest request,
        RemediationPlan plan,
        Outcome outcome,
        String message,
        List<StepResult> results) {

    public RemediationReport {
        results = List.copyOf(results);
    }

    /** How the run ended. */
    public enum Outcome {
        /** Every version the group launches from already requires tokens; nothing was changed. */
        NOTHING_TO_DO,
        /** A dry run: the plan was made, nothing was changed. */
        PLANNED,
        /** Every step succeeded (or was not needed). */
        APPLIED,
        /** Not applied, because it would change other groups without consent; nothing was changed. */
        REFUSED,
        /** No plan could be made; nothing was changed. */
        NOT_PLANNED,
        /** A step failed; the steps before it were done, the rest were not. Rerunning completes it. */
        FAILED;

        public boolean succeeded() {
            return this == NOTHING_TO_DO || this == PLANNED || this == APPLIED;
        }
    }

    /** What happened to one step. */
    public enum Status { DONE, SKIPPED, FAILED, NOT_RUN }

    /** One step's result, numbered from 1 as the plan prints it. */
    public record StepResult(int number, Step step, Status status, String detail) {
    }
}
