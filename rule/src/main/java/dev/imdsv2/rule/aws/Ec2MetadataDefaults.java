package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.decision.AccountDefault;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Reads the account default with {@code ec2:GetInstanceMetadataDefaults}. */
public final class Ec2MetadataDefaults implements MetadataDefaults {

    static final String CALL = "ec2:GetInstanceMetadataDefaults";

    private final Ec2Client ec2;

    public Ec2MetadataDefaults(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public AccountDefault read() {
        try {
            var accountLevel = ec2.getInstanceMetadataDefaults(r -> { }).accountLevel();
            return new AccountDefault.Known(Optional.ofNullable(accountLevel)
                    .map(level -> level.httpTokensAsString())
                    .filter(tokens -> !tokens.isEmpty()));
        } catch (SdkException e) {
            return new AccountDefault.Unavailable(Gaps.of(CALL, e));
        }
    }
}
