package dev.imdsv2.rule.decision;

import java.util.List;

/** The judge's answer for one group: a verdict, or an honest "cannot tell". */
public sealed interface Decision {

    /**
     * A verdict with the annotation Config shows beside it. The annotation is
     * at most {@value Annotation#MAX_LENGTH} characters, Config's own limit.
     */
    record Verdict(Compliance compliance, String annotation) implements Decision {
        public Verdict {
            if (annotation == null || annotation.isEmpty() || annotation.length() > Annotation.MAX_LENGTH) {
                throw new IllegalArgumentException(
                        "an annotation must be 1 to " + Annotation.MAX_LENGTH + " characters; got " + annotation);
            }
        }
    }

    /** Evidence the verdict needs could not be had; nothing may be reported. */
    record Undecided(List<EvidenceGap> gaps) implements Decision {
        public Undecided {
            gaps = List.copyOf(gaps);
        }
    }
}
