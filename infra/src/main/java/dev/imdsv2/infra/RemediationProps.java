package dev.imdsv2.infra;

import java.nio.file.Path;
import java.util.Objects;

import software.amazon.awscdk.services.config.CustomRule;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * What {@link Remediation} needs.
 *
 * @param ruleJar the rule's shaded jar, which also holds the remediation handler
 * @param rule the Config rule whose non-compliant groups are remediated
 * @param automatic whether Config starts the remediation on its own
 * @param logRetention how long the remediation function's log is kept
 */
public record RemediationProps(Path ruleJar, CustomRule rule, boolean automatic, RetentionDays logRetention) {

    public RemediationProps {
        Objects.requireNonNull(ruleJar, "ruleJar");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(logRetention, "logRetention");
    }
}
