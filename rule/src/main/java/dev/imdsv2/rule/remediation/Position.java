package dev.imdsv2.rule.remediation;

/** Where in a group a launch template reference sits, which is where an update must write it. */
public sealed interface Position {

    /** The group's own {@code LaunchTemplate}. */
    record LaunchTemplate() implements Position {
        @Override
        public String toString() {
            return "launch template";
        }
    }

    /** {@code MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification}. */
    record MixedBase() implements Position {
        @Override
        public String toString() {
            return "mixed-instances base";
        }
    }

    /**
     * The {@code index}-th (from 0) entry of {@code MixedInstancesPolicy.LaunchTemplate.Overrides},
     * with the instance type it names, if any, to tell entries apart in print.
     */
    record OverrideEntry(int index, String instanceType) implements Position {
        @Override
        public String toString() {
            return "override " + (index + 1) + (instanceType == null ? "" : " (" + instanceType + ")");
        }
    }
}
