package dev.imdsv2.rule.event;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Config events under test-fixtures/events/. Surefire names the folder in
 * the {@code fixtures.dir} system property; run from an IDE, the module's
 * working directory finds it one level up.
 */
final class EventFixtures {

    private EventFixtures() {
    }

    static Path path(String name) {
        Path root = Path.of(System.getProperty("fixtures.dir", "../test-fixtures"));
        return root.resolve("events").resolve(name);
    }

    static InputStream open(String name) {
        try {
            return Files.newInputStream(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + path(name).toAbsolutePath(), e);
        }
    }
}
