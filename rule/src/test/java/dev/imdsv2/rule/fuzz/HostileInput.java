package dev.imdsv2.rule.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imdsv2.rule.EvidenceUnavailableException;
import dev.imdsv2.rule.aws.AwsCallFailedException;
import dev.imdsv2.rule.event.MalformedEventException;

/**
 * What the rule may do with hostile input besides answering: refuse it with
 * one of its documented exceptions, and a message that says why. Anything
 * else (a NullPointerException, a ClassCastException, a Jackson exception
 * nobody caught, a StackOverflowError) propagates out of the fuzz target and
 * Jazzer records it as a finding.
 */
final class HostileInput {

    private HostileInput() {
    }

    /** Rethrows what the rule does not document; checks the message of what it does. */
    static void refusedCleanly(RuntimeException e) {
        if (e instanceof MalformedEventException
                || e instanceof AwsCallFailedException
                || e instanceof EvidenceUnavailableException) {
            assertThat(e.getMessage()).as("message of %s", e.getClass().getSimpleName()).isNotBlank();
            return;
        }
        throw e;
    }

    /** As {@link #refusedCleanly}, for the places that document IllegalArgumentException too. */
    static void refusedCleanlyOrArgument(RuntimeException e) {
        if (e instanceof IllegalArgumentException) {
            assertThat(e.getMessage()).as("message of IllegalArgumentException").isNotBlank();
            return;
        }
        refusedCleanly(e);
    }
}
