package dev.imdsv2.rule.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder an export lands in. Files are written to a staging folder
 * beside it and moved into place in one rename only when the export is
 * complete, manifest last: a folder named as asked, holding a manifest,
 * always holds a whole export. An incomplete export is moved to
 * {@code DIR.incomplete} instead, without a manifest and with
 * {@code INCOMPLETE.txt} naming what failed, so that nobody mistakes it for
 * evidence and nothing of a previous export is overwritten.
 */
public final class EvidenceFolder {

    public static final String CSV = "evidence.csv";
    public static final String JSON = "evidence.json";
    public static final String HTML = "summary.html";
    public static final String MANIFEST = "manifest.json";
    public static final String INCOMPLETE = "INCOMPLETE.txt";

    private final Path target;

    public EvidenceFolder(Path target) {
        this.target = target.toAbsolutePath().normalize();
    }

    /** The folder the export is meant for. */
    public Path target() {
        return target;
    }

    /**
     * Refuses a target that already holds files: evidence is written once,
     * never over an earlier export.
     *
     * @throws IllegalArgumentException when the target is a file or a folder that is not empty
     */
    public void requireFresh() {
        if (Files.isRegularFile(target)) {
            throw new IllegalArgumentException("--out " + target + " is a file; name a new folder");
        }
        if (Files.isDirectory(target) && !isEmpty(target)) {
            throw new IllegalArgumentException("--out " + target + " already holds files; name a new folder,"
                    + " so that an earlier export is never overwritten");
        }
    }

    /** Writes the export and moves it into place; returns where it landed. */
    public Path write(Evidence evidence, ObjectMapper mapper) throws IOException {
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".staging-");
        try {
            Files.writeString(staging.resolve(CSV), CsvWriter.write(evidence.records()), StandardCharsets.UTF_8);
            Files.writeString(staging.resolve(JSON), new EvidenceJson(mapper).write(evidence), StandardCharsets.UTF_8);
            Files.writeString(staging.resolve(HTML), SummaryPage.render(evidence), StandardCharsets.UTF_8);
            if (evidence.isComplete()) {
                Manifest manifest = Manifest.of(evidence, staging, List.of(CSV, JSON, HTML));
                Files.writeString(staging.resolve(MANIFEST), manifest.toJson(mapper), StandardCharsets.UTF_8);
                return moveInto(staging, target);
            }
            Files.writeString(staging.resolve(INCOMPLETE), incompleteNote(evidence), StandardCharsets.UTF_8);
            return moveInto(staging, incompleteTarget());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staging);
            throw e;
        }
    }

    private static Path moveInto(Path staging, Path destination) throws IOException {
        if (Files.isDirectory(destination) && isEmpty(destination)) {
            Files.delete(destination);
        }
        Files.move(staging, destination, StandardCopyOption.ATOMIC_MOVE);
        return destination;
    }

    private Path incompleteTarget() {
        Path candidate = target.resolveSibling(target.getFileName() + ".incomplete");
        if (Files.exists(candidate) && !(Files.isDirectory(candidate) && isEmpty(candidate))) {
            candidate = target.resolveSibling(target.getFileName() + ".incomplete-" + System.currentTimeMillis());
        }
        return candidate;
    }

    private static String incompleteNote(Evidence evidence) {
        StringBuilder note = new StringBuilder("INCOMPLETE EXPORT: not evidence of completeness.\n")
                .append("Exported ").append(evidence.exportedAt()).append(" by asg-imdsv2-rule ")
                .append(evidence.toolVersion()).append(" with: ").append(Manifest.command(evidence.query()))
                .append("\nThese reads failed after retries; their results are missing from the files here:\n");
        evidence.failures().forEach(f -> note.append("- ").append(f).append('\n'));
        return note.append("Run the export again once the cause is fixed.\n").toString();
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> entries = Files.walk(folder)) {
            entries.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // The staging folder is hidden and named as such; a leftover is harmless.
        }
    }
}
