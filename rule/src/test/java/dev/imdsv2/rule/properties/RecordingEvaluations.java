package dev.imdsv2.rule.properties;

import dev.imdsv2.rule.aws.Evaluations;
import dev.imdsv2.rule.decision.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Keeps what the rule put, in order; holds no earlier results. */
public final class RecordingEvaluations implements Evaluations {

    private final List<Evaluation> put = new ArrayList<>();

    @Override
    public void put(List<Evaluation> evaluations, String resultToken, boolean testMode) {
        put.addAll(evaluations);
    }

    @Override
    public Map<String, Recorded> recorded(String configRuleName) {
        return Map.of();
    }

    public List<Evaluation> put() {
        return List.copyOf(put);
    }
}
