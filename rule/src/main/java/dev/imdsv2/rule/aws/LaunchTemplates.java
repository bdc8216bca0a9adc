package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import java.util.Collection;

/** Gives the launch template versions a set of references needs. */
public interface LaunchTemplates {

    /**
     * Records into {@code evidence} what is known of every template the
     * references name, at the versions they name: found, missing, or
     * unavailable with the reason. Never throws for a single template.
     *
     * @param wholeAccount true in a sweep, where listing every template's
     *                     latest and default versions may be cheaper than a call per template
     */
    void gather(Collection<LaunchTemplateRef> refs, Evidence.Builder evidence, boolean wholeAccount);
}
