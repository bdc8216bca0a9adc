package dev.imdsv2.rule.decision;

/**
 * How a launch template reference chooses its version: the template's latest,
 * its default, or a pinned number. Auto Scaling treats an absent version as
 * {@code $Default}, and so does {@link #parse(String)}.
 */
public sealed interface VersionSpec {

    /** Always the highest version number the template has. */
    record Latest() implements VersionSpec {
        @Override
        public String toString() {
            return "$Latest";
        }
    }

    /** Whichever version the template marks as default. */
    record Default() implements VersionSpec {
        @Override
        public String toString() {
            return "$Default";
        }
    }

    /** One version, by number. */
    record Pinned(long number) implements VersionSpec {
        public Pinned {
            if (number < 1) {
                throw new IllegalArgumentException(
                        "a launch template version number must be 1 or more; got " + number);
            }
        }

        @Override
        public String toString() {
            return Long.toString(number);
        }
    }

    VersionSpec LATEST = new Latest();
    VersionSpec DEFAULT = new Default();

    /**
     * Reads a version as Auto Scaling writes it: {@code $Latest},
     * {@code $Default}, a number, or nothing (meaning {@code $Default}).
     *
     * @throws IllegalArgumentException naming the value when it is none of these
     */
    static VersionSpec parse(String raw) {
        if (raw == null || raw.isEmpty() || raw.equals("$Default")) {
            return DEFAULT;
        }
        if (raw.equals("$Latest")) {
            return LATEST;
        }
        if (!raw.isEmpty() && raw.length() <= 18 && raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Pinned(Long.parseLong(raw));
        }
        throw new IllegalArgumentException(
                "a launch template version must be $Latest, $Default or a number; got '" + raw + "'");
    }
}
