package dev.imdsv2.rule.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.aws.AwsClients;
import dev.imdsv2.rule.event.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evidence}: exports what Config recorded for the rule, in a form an
 * auditor accepts (CSV, JSON, a one-page summary and a manifest of hashes).
 * Read-only. Exit 0 when the export is complete, 1 when any read failed (the
 * partial output goes to {@code DIR.incomplete}, without a manifest), 2 for a
 * usage error.
 */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = "Export the rule's recorded results from AWS Config as audit evidence: evidence.csv,"
                + " evidence.json, summary.html and manifest.json (SHA-256 of each file and the exact query)."
                + " Exit 0 when complete, 1 when any read failed, 2 for a usage error.")
public final class EvidenceCommand implements Callable<Integer> {

    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final DateTimeFormatter FOLDER_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Option(names = "--rule", required = true, paramLabel = "NAME", description = "the Config rule's name")
    String rule;

    @Option(names = "--aggregator", paramLabel = "NAME",
            description = "read every account and region through this configuration aggregator")
    String aggregator;

    @Option(names = "--out", paramLabel = "DIR",
            description = "a new folder for the export (default: evidence-RULE-TIME in the working folder)")
    Path out;

    private Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        EvidenceQuery query;
        EvidenceFolder folder;
        try {
            query = new EvidenceQuery(rule, aggregator);
            Path target = out != null ? out : Path.of("evidence-" + rule + "-" + FOLDER_TIME.format(clock.instant()));
            folder = new EvidenceFolder(target);
            folder.requireFresh();
        } catch (IllegalArgumentException e) {
            err.println("evidence: " + e.getMessage());
            return USAGE;
        }

        Evidence evidence;
        try (AwsClients clients = AwsClients.fromEnvironment()) {
            Progress progress = line -> {
                err.println("evidence: " + line);
                err.flush();
            };
            evidence = new EvidenceReader(new ConfigRecordedResults(clients.config()), progress, clock, version())
                    .read(query);
        } catch (EvidenceReadException e) {
            err.println("evidence: " + e.getMessage() + "; nothing was written");
            return FAILED;
        }

        Path written = folder.write(evidence, MAPPER);
        if (!evidence.isComplete()) {
            err.println("evidence: INCOMPLETE: " + evidence.failures().size() + " read(s) failed:");
            evidence.failures().forEach(f -> err.println("evidence:   " + f));
            err.println("evidence: what could be read is in " + written + " (no manifest); nothing was written to "
                    + folder.target());
            return FAILED;
        }
        err.println("evidence: " + evidence.records().size() + " record(s) written to " + written);
        spec.commandLine().getOut().println(written);
        return 0;
    }

    /** Lets tests fix the export's time. */
    EvidenceCommand withClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    static String version() {
        String version = EvidenceCommand.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
