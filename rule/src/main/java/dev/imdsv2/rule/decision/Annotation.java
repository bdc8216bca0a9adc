package dev.imdsv2.rule.decision;

import java.util.List;

/**
 * Writes the sentence a reader of the Config console acts on. It names the
 * first offending template version with how its version was chosen and the
 * setting at fault, and counts the rest, within Config's 256 characters.
 */
public final class Annotation {

    public static final int MAX_LENGTH = 256;
    private static final int MAX_NAME_LENGTH = 64;
    private static final String ELLIPSIS = "...";

    private Annotation() {
    }

    /** One judged template version or launch configuration, and what was found. */
    public record Finding(String subject, String fault) {
        @Override
        public String toString() {
            return subject + ": " + fault;
        }
    }

    /** The first finding in full, and how many more there are. */
    public static String summarize(String lead, List<Finding> findings, int judged) {
        String first = findings.getFirst().toString();
        int more = findings.size() - 1;
        String tail = more == 0 ? "" : "; and " + more + " more of " + judged + " judged";
        return fit(lead + first + tail);
    }

    /** A short name a person recognises: cut in the middle of nothing, at the end, with an ellipsis. */
    public static String shorten(String name) {
        if (name == null || name.length() <= MAX_NAME_LENGTH) {
            return name;
        }
        return cut(name, MAX_NAME_LENGTH - ELLIPSIS.length()) + ELLIPSIS;
    }

    /** Cuts a text to Config's limit; the names are already shortened, so this rarely bites. */
    public static String fit(String text) {
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        return cut(text, MAX_LENGTH - ELLIPSIS.length()) + ELLIPSIS;
    }

    /** The first {@code length} characters, one fewer where the cut would split a surrogate pair. */
    private static String cut(String text, int length) {
        int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
        return text.substring(0, end);
    }
}
