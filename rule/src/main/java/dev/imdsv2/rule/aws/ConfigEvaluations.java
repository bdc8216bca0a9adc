package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.decision.EvidenceGap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.GetComplianceDetailsByConfigRuleRequest;
import software.amazon.awssdk.services.config.model.PutEvaluationsRequest;

/**
 * Reports to Config with {@code config:PutEvaluations}, 100 a call (the API's
 * limit), and reads what it holds with {@code config:GetComplianceDetailsByConfigRule}.
 */
public final class ConfigEvaluations implements Evaluations {

    static final String PUT = "config:PutEvaluations";
    static final String GET = "config:GetComplianceDetailsByConfigRule";
    public static final int BATCH = 100;

    private final ConfigClient config;

    public ConfigEvaluations(ConfigClient config) {
        this.config = config;
    }

    @Override
    public void put(List<Evaluation> evaluations, String resultToken, boolean testMode) {
        for (int from = 0; from < evaluations.size(); from += BATCH) {
            List<Evaluation> batch = evaluations.subList(from, Math.min(evaluations.size(), from + BATCH));
            var request = PutEvaluationsRequest.builder()
                    .resultToken(resultToken)
                    .testMode(testMode ? Boolean.TRUE : null)
                    .evaluations(batch.stream().map(ConfigEvaluations::toSdk).toList())
                    .build();
            List<String> failed;
            try {
                failed = config.putEvaluations(request).failedEvaluations().stream()
                        .map(e -> e.complianceResourceId())
                        .toList();
            } catch (SdkException e) {
                throw new AwsCallFailedException(Gaps.of(PUT, e), progress(evaluations, from, batch), e);
            }
            if (!failed.isEmpty()) {
                throw new AwsCallFailedException(
                        new EvidenceGap(PUT, "FailedEvaluations", "Config refused " + failed.size() + " evaluations"),
                        "refused: " + String.join(", ", failed) + "; " + progress(evaluations, from, batch), null);
            }
        }
    }

    private static String progress(List<Evaluation> all, int from, List<Evaluation> batch) {
        return from + " of " + all.size() + " evaluations were put before this batch; its resources: "
                + String.join(", ", batch.stream().map(Evaluation::resourceId).toList());
    }

    private static software.amazon.awssdk.services.config.model.Evaluation toSdk(Evaluation e) {
        return software.amazon.awssdk.services.config.model.Evaluation.builder()
                .complianceResourceType(Evaluation.RESOURCE_TYPE)
                .complianceResourceId(e.resourceId())
                .complianceType(e.compliance().name())
                .annotation(e.annotation())
                .orderingTimestamp(e.orderingTimestamp())
                .build();
    }

    @Override
    public Map<String, Recorded> recorded(String configRuleName) {
        Map<String, Recorded> recorded = new HashMap<>();
        var request = GetComplianceDetailsByConfigRuleRequest.builder()
                .configRuleName(configRuleName)
                .complianceTypes(ComplianceType.COMPLIANT, ComplianceType.NON_COMPLIANT, ComplianceType.NOT_APPLICABLE)
                .limit(100)
                .build();
        try {
            for (var page : config.getComplianceDetailsByConfigRulePaginator(request)) {
                for (var result : page.evaluationResults()) {
                    var qualifier = result.evaluationResultIdentifier().evaluationResultQualifier();
                    // INSUFFICIENT_DATA is Config's own state, never a result this rule put.
                    if (Evaluation.RESOURCE_TYPE.equals(qualifier.resourceType())
                            && !"INSUFFICIENT_DATA".equals(result.complianceTypeAsString())) {
                        recorded.put(qualifier.resourceId(), new Recorded(
                                Compliance.valueOf(result.complianceTypeAsString()), result.annotation()));
                    }
                }
            }
        } catch (SdkException e) {
            throw new AwsCallFailedException(Gaps.of(GET, e), "rule " + configRuleName, e);
        }
        return recorded;
    }
}
