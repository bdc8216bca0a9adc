package dev.imdsv2.rule.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.decision.AccountDefault;
import dev.imdsv2.rule.decision.EvidenceGap;
import dev.imdsv2.rule.wire.FakeAws;
import dev.imdsv2.rule.wire.FakeAws.Answer;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code ec2:GetInstanceMetadataDefaults} through the real EC2 client, against {@link FakeAws}. */
class Ec2MetadataDefaultsWireTest {

    private static final String GET_DEFAULTS = "GetInstanceMetadataDefaults";

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    private AwsClients clients;
    private MetadataDefaults defaults;

    @BeforeEach
    void buildClients() {
        clients = AwsClients.fromEnvironment();
        defaults = clients.services(new ObjectMapper()).metadataDefaults();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void read_whenAccountRequiresTokens_isKnownRequired() {
        aws.on(GET_DEFAULTS).answer(Answer.file("ec2/get-instance-metadata-defaults-required.xml"));

        AccountDefault read = defaults.read();

        assertThat(read).isEqualTo(new AccountDefault.Known(Optional.of("required")));
        assertThat(aws.requests(GET_DEFAULTS)).singleElement().satisfies(sent ->
                assertThat(sent.form()).isEqualTo(Map.of("Action", GET_DEFAULTS, "Version", "2016-11-15")));
    }

    @Test
    void read_whenAccountSetsNothing_isKnownEmpty() {
        aws.on(GET_DEFAULTS).answer(Answer.file("ec2/get-instance-metadata-defaults-none.xml"));

        assertThat(defaults.read()).isEqualTo(new AccountDefault.Known(Optional.empty()));
    }

    @Test
    void read_whenUnauthorized_isUnavailableNamingCallAndCode() {
        aws.on(GET_DEFAULTS).answer(Answer.error(403, "UnauthorizedOperation",
                "You are not authorized to perform this operation."));

        assertThat(defaults.read()).isEqualTo(new AccountDefault.Unavailable(new EvidenceGap(
                "ec2:GetInstanceMetadataDefaults", "UnauthorizedOperation",
                "You are not authorized to perform this operation.")));
    }
}
