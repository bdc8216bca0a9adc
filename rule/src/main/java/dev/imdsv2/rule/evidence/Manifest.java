package dev.imdsv2.rule.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code manifest.json}: the SHA-256 of every other file of the export, the
 * time of export, the tool's version and the exact query. It is written last
 * and only for a complete export, so its presence claims completeness and
 * any later change to a file shows as a hash that no longer matches
 * ({@code sha256sum evidence.csv} gives the same hex as the manifest).
 *
 * <p>The hashes make tampering evident to whoever holds the manifest; they
 * are not a signature. Where an auditor needs one, sign or time-stamp the
 * manifest with the organisation's own key.
 */
public record Manifest(Evidence evidence, List<FileDigest> files) {

    /** Names the manifest's format, so that a checker knows what it reads. */
    public static final String FORMAT = "asg-imdsv2-rule/evidence-manifest/1";

    public Manifest {
        files = List.copyOf(files);
    }

    /** The manifest for these files of the export folder, hashed as they are on disk. */
    public static Manifest of(Evidence evidence, Path folder, List<String> names) throws IOException {
        List<FileDigest> digests = new java.util.ArrayList<>();
        for (String name : names) {
            digests.add(FileDigest.of(folder.resolve(name)));
        }
        return new Manifest(evidence, digests);
    }

    /** The manifest as JSON, pretty-printed. */
    public String toJson(ObjectMapper mapper) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("complete", evidence.isComplete());
        root.put("exportedAt", evidence.exportedAt().toString());
        root.putObject("tool")
                .put("name", "asg-imdsv2-rule")
                .put("version", evidence.toolVersion())
                .put("command", command(evidence.query()));
        root.set("query", new EvidenceJson(mapper).query(evidence));
        ObjectNode counts = root.putObject("counts");
        counts.put("records", evidence.records().size());
        evidence.countsByVerdict().forEach(counts::put);
        ArrayNode list = root.putArray("files");
        files.forEach(f -> list.addObject()
                .put("name", f.name())
                .put("bytes", f.bytes())
                .put("sha256", f.sha256()));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** The command that repeats this query. */
    static String command(EvidenceQuery query) {
        return "java -jar rule.jar evidence --rule " + query.ruleName()
                + (query.isAggregate() ? " --aggregator " + query.aggregator() : "");
    }

    /** One file's name, size and SHA-256 (lower-case hex). */
    public record FileDigest(String name, long bytes, String sha256) {

        public static FileDigest of(Path file) throws IOException {
            MessageDigest digest = newDigest();
            long bytes = 0;
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, read);
                    bytes += read;
                }
            }
            return new FileDigest(file.getFileName().toString(), bytes, HexFormat.of().formatHex(digest.digest()));
        }

        private static MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime provides SHA-256", e);
            }
        }
    }
}
