package dev.imdsv2.infra;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link ImdsV2Rule} needs: the code to run and the operator's choices.
 *
 * @param ruleJar the rule's shaded jar, as {@link RuleJar#locate} finds it
 * @param settings the checked context values
 */
public record ImdsV2RuleProps(Path ruleJar, RuleSettings settings) {

    public ImdsV2RuleProps {
        Objects.requireNonNull(ruleJar, "ruleJar");
        Objects.requireNonNull(settings, "settings");
    }
}
