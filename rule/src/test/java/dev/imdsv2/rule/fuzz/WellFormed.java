package dev.imdsv2.rule.fuzz;

/** Text that any UTF-8 encoder, Config's included, writes as it is: no half of a surrogate pair. */
final class WellFormed {

    private WellFormed() {
    }

    static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
