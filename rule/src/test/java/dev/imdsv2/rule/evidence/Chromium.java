package dev.imdsv2.rule.evidence;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium} package) for the summary page's
 * tests: opens a file with every network and background feature off and
 * returns the DOM it built and what it logged. Where Chromium is missing the
 * test fails when {@code CI} is set (CI must prove the page renders) and is
 * skipped otherwise.
 */
final class Chromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final long TIMEOUT_SECONDS = 90;

    private final Path executable;

    private Chromium(Path executable) {
        this.executable = executable;
    }

    /** The browser on PATH (or at {@code $CHROMIUM}); fails under CI, skips elsewhere, when there is none. */
    static Chromium require() {
        Path found = find();
        if (found == null) {
            String message = "headless Chromium not found on PATH (" + String.join(", ", NAMES)
                    + ") nor at $CHROMIUM; install Debian's package: apt-get install -y chromium";
            if (System.getenv("CI") != null) {
                fail(message + " (CI is set, so the summary page's browser test cannot be skipped)");
            }
            assumeTrue(false, message);
        }
        return new Chromium(found);
    }

    /** The DOM after Chromium parsed the page, and its log on stderr (console messages included). */
    Rendered dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, "--dump-dom");
    }

    /** A PNG of the page at the given window size. */
    Rendered screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        return run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars");
    }

    private Rendered run(Path page, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        Path stdout = Files.createTempFile("chromium-out-", ".html");
        Path stderr = Files.createTempFile("chromium-err-", ".log");
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-dev-shm-usage",
                "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile));
        command.addAll(List.of(action));
        command.add(page.toUri().toString());
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("Chromium did not finish within " + TIMEOUT_SECONDS + " s: " + Files.readString(stderr));
            }
            return new Rendered(process.exitValue(),
                    Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            deleteTree(profile);
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static Path find() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** What one Chromium run gave: its exit code, the DOM (for --dump-dom) and its log. */
    record Rendered(int exitCode, String dom, String log) {

        /** Console messages and content-security-policy refusals, the signs of a page that misbehaves. */
        List<String> consoleProblems() {
            return log.lines()
                    .filter(line -> line.contains(":CONSOLE") || line.contains("Refused to")
                            || line.contains("Uncaught"))
                    .toList();
        }
    }
}
