package dev.imdsv2.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.RetentionDays;

/**
 * What {@link RuleFunction} needs: the code, how long to keep its log, and
 * what its execution role may call besides writing that log and its failure
 * queue.
 *
 * @param ruleJar the rule's shaded jar, as {@link RuleJar#locate} finds it
 * @param logRetention how long the function's log lines are kept
 * @param roleDescription the execution role's description, saying what it is for
 * @param calls the statements that let the function do its job; they come
 *     first in the role's policy
 */
public record RuleFunctionProps(
        Path ruleJar,
        RetentionDays logRetention,
        String roleDescription,
        List<PolicyStatement> calls) {

    public RuleFunctionProps {
        Objects.requireNonNull(ruleJar, "ruleJar");
        Objects.requireNonNull(logRetention, "logRetention");
        Objects.requireNonNull(roleDescription, "roleDescription");
        calls = List.copyOf(calls);
    }
}
