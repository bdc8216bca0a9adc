package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.decision.EvidenceGap;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns what the SDK throws into an {@link EvidenceGap} that names the call and the error code. */
final class Gaps {

    private Gaps() {
    }

    static EvidenceGap of(String call, SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            var details = service.awsErrorDetails();
            return new EvidenceGap(call, details.errorCode(), details.errorMessage());
        }
        return new EvidenceGap(call, e.getClass().getSimpleName(), e.getMessage());
    }

    static String errorCode(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode()
                : null;
    }
}
