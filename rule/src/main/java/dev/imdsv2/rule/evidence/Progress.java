package dev.imdsv2.rule.evidence;

/**
 * Where a long export says how far it got (the command prints to stderr, so
 * that output files and pipes stay clean).
 */
@FunctionalInterface
public interface Progress {

    void report(String line);

    /** Reports nothing, for callers that do not want progress. */
    static Progress silent() {
        return line -> { };
    }
}
