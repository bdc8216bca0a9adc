package dev.imdsv2.rule.log;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;

/**
 * One JSON object per line on standard error, which Lambda sends to
 * CloudWatch Logs and the CLI keeps apart from its output. Lines carry a
 * level, a message and named fields; never an event, an item, a result token
 * or a credential. The level comes from {@code LOG_LEVEL} (default INFO).
 *
 * <p>Written by hand rather than through SLF4J and a JSON layout: the rule
 * logs a few kinds of line, and a logging stack would add megabytes and
 * start-up time to every cold start.
 */
public final class JsonLog {

    /** Severity, lowest first. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static volatile Level threshold = fromEnvironment();
    private static volatile PrintStream out = System.err;

    private JsonLog() {
    }

    public static void setThreshold(Level level) {
        threshold = level;
    }

    /** Sends log lines elsewhere (tests capture them). */
    public static void redirect(PrintStream stream) {
        out = stream;
    }

    public static boolean isEnabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    /** Logs a message with fields given as alternating names and values. */
    public static void log(Level level, String message, Object... fields) {
        if (!isEnabled(level)) {
            return;
        }
        ObjectNode line = MAPPER.createObjectNode();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level.name());
        line.put("message", message);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            line.putPOJO(String.valueOf(fields[i]), fields[i + 1] == null ? null : String.valueOf(fields[i + 1]));
        }
        try {
            out.println(MAPPER.writeValueAsString(line));
        } catch (Exception e) {
            out.println("{\"level\":\"ERROR\",\"message\":\"log line could not be written\"}");
        }
    }

    public static void debug(String message, Object... fields) {
        log(Level.DEBUG, message, fields);
    }

    public static void info(String message, Object... fields) {
        log(Level.INFO, message, fields);
    }

    public static void warn(String message, Object... fields) {
        log(Level.WARN, message, fields);
    }

    private static Level fromEnvironment() {
        String configured = System.getenv("LOG_LEVEL");
        if (configured == null) {
            return Level.INFO;
        }
        try {
            return Level.valueOf(configured.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }
}
