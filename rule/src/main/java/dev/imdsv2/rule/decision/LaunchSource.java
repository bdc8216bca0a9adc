package dev.imdsv2.rule.decision;

import java.util.List;

/** Where a group takes its instances' configuration from. */
public sealed interface LaunchSource {

    /**
     * Launch templates: the group's own, or a mixed-instances policy's base
     * template followed by the templates its overrides name.
     */
    record Templates(List<LaunchTemplateRef> refs) implements LaunchSource {
        public Templates {
            refs = List.copyOf(refs);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("a template launch source needs at least one template");
            }
        }
    }

    /** A legacy launch configuration, by name. */
    record LaunchConfiguration(String name) implements LaunchSource {
    }
}
