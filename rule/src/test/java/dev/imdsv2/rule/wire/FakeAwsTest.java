package dev.imdsv2.rule.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.imdsv2.rule.wire.FakeAws.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.InvalidResultTokenException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** FakeAws itself: the real SDK clients reach it, parse its answers and errors, and it records what they sent. */
class FakeAwsTest {

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    @Test
    void on_whenSdkCallsThroughSystemProperties_answersAndRecordsTheRequest() {
        aws.on("GetCallerIdentity").answer(Answer.file("sts/get-caller-identity.xml"));

        try (StsClient sts = StsClient.create()) {
            assertThat(sts.getCallerIdentity().account()).isEqualTo("123456789012");
        }

        assertThat(aws.requests("GetCallerIdentity")).singleElement().satisfies(sent -> {
            assertThat(sent.form()).containsExactly(
                    entry("Action", "GetCallerIdentity"),
                    entry("Version", "2011-06-15"));
            assertThat(sent.accessKeyId()).isEqualTo(FakeAws.ACCESS_KEY_ID);
        });
    }

    @Test
    void answer_whenErrorAnswer_sdkThrowsTypedExceptionWithTheCode() {
        aws.on("PutEvaluations").answer(
                Answer.error(400, "InvalidResultTokenException", "The resultToken provided is invalid"));

        try (ConfigClient config = ConfigClient.create()) {
            assertThatThrownBy(() -> config.putEvaluations(r -> r.resultToken("t")))
                    .isInstanceOf(InvalidResultTokenException.class)
                    .hasMessageContaining("The resultToken provided is invalid");
        }
    }

    @Test
    void on_whenNoStubMatches_sdkThrowsNamingFakeAwsNoStub() {
        try (StsClient sts = StsClient.create()) {
            assertThatThrownBy(sts::getCallerIdentity)
                    .isInstanceOf(StsException.class)
                    .satisfies(e -> assertThat(((StsException) e).awsErrorDetails().errorCode())
                            .isEqualTo("FakeAwsNoStub"));
        }
    }
}
