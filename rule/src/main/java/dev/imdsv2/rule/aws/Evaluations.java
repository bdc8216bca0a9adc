package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Evaluation;
import java.util.List;
import java.util.Map;

/** Where verdicts go, and what Config already holds. */
public interface Evaluations {

    /**
     * Reports the evaluations, in batches Config accepts.
     *
     * @throws AwsCallFailedException when a batch cannot be put or Config refuses any evaluation
     */
    void put(List<Evaluation> evaluations, String resultToken, boolean testMode);

    /** The results Config holds for the rule, by resource id. @throws AwsCallFailedException */
    Map<String, Recorded> recorded(String configRuleName);

    /** A result Config already holds. */
    record Recorded(Compliance compliance, String annotation) {
    }
}
