package dev.imdsv2.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's one command. Measures, in one run and on this machine:
 * the rule's cold start with and without a JDK 25 AOT cache, a sweep of a
 * large fleet against a loopback AWS with latency and EC2's request bucket,
 * what a steady-state sweep puts, and the naive strategy beside it. Prints
 * Markdown tables (the README's figures come from here).
 *
 * <pre>
 * java -jar bench/target/bench.jar [--groups 10000] [--templates 1000] [--naive-groups 1000]
 *      [--cold-runs 10] [--latency-ms 20] [--rule-jar rule/target/rule.jar] [--skip-cold]
 * </pre>
 */
public final class FleetBenchmark {

    /** What the deployed function runs with (infra: JAVA_TOOL_OPTIONS). */
    static final List<String> DEPLOYED_JVM = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    /** The sweep's heap target; the worker is capped there, so a bigger need fails loudly. */
    static final String HEAP_CAP = "-Xmx256m";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> options;
    private final PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    private final Path java = Path.of(ProcessHandle.current().info().command().orElse("java"));

    private FleetBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--skip-cold")) {
                options.put("skip-cold", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("usage: FleetBenchmark [--groups N] [--templates N] [--naive-groups N]"
                        + " [--cold-runs N] [--latency-ms N] [--rule-jar PATH] [--skip-cold]; got " + args[i]);
                System.exit(2);
            }
        }
        new FleetBenchmark(options).run();
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
    }

    private void run() throws Exception {
        int groups = option("groups", 10_000);
        int templates = option("templates", groups / 10);
        int naiveGroups = option("naive-groups", Math.min(groups, 1_000));
        Duration latency = Duration.ofMillis(option("latency-ms", 20));

        machine();
        if (!options.containsKey("skip-cold")) {
            coldStart(option("cold-runs", 10));
        }
        Fleet fleet = Fleet.generate(groups, templates, 7);
        fleetSweep(fleet, latency);
        naive(Fleet.generate(naiveGroups, Math.max(1, naiveGroups / 10), 7), fleet, latency);
    }

    // ------------------------------------------------------------ machine

    private void machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("unknown");
        out.printf("## Machine%n%n%d cores (nproc), %s RAM, %s, %s %s%n%n", Runtime.getRuntime().availableProcessors(),
                memory, cpu, System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"));
    }

    // ---------------------------------------------------------- cold start

    private void coldStart(int runs) throws IOException {
        Path ruleJar = Path.of(options.getOrDefault("rule-jar", "rule/target/rule.jar"));
        if (!Files.isRegularFile(ruleJar)) {
            throw new IllegalStateException("no " + ruleJar + ": build it first (m -q -pl rule package -DskipTests)"
                    + " or pass --rule-jar");
        }
        Fleet small = Fleet.generate(20, 20, 7);
        Path work = Files.createTempDirectory("imdsv2-bench-");
        try (LoopbackAws aws = new LoopbackAws(small, Duration.ZERO, null)) {
            ColdStart cold = new ColdStart(java, ruleJar, work, aws, small.groups().get(12));
            Path event = cold.writeEvent();
            cold.run(event, DEPLOYED_JVM); // page cache warm-up, not counted
            List<ColdStart.Run> plain = repeat(cold, event, DEPLOYED_JVM, runs);

            List<String> aot = new ArrayList<>(DEPLOYED_JVM);
            long trainStart = System.nanoTime();
            Path cache = cold.trainAotCache(event, DEPLOYED_JVM);
            long trainMillis = (System.nanoTime() - trainStart) / 1_000_000;
            aot.add("-XX:AOTCache=" + cache);
            List<ColdStart.Run> cached = repeat(cold, event, aot, runs);

            out.printf("## Cold start: `invoke` on one group's change event, fresh JVM each run (%d runs)%n%n", runs);
            out.println("Loopback AWS without added latency; two calls (DescribeLaunchTemplateVersions,"
                    + " PutEvaluations). Milliseconds, median [min-max].");
            out.println();
            out.println("| variant | total | JVM start + CLI | client construction | first call | verdict | exit |");
            out.println("|---|---|---|---|---|---|---|");
            coldRow(String.join(" ", DEPLOYED_JVM), plain);
            coldRow("same + `-XX:AOTCache` (" + Files.size(cache) / (1024 * 1024) + " MB, trained in "
                    + trainMillis + " ms)", cached);
            out.println();
        } finally {
            try (var files = Files.list(work)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(work);
        }
    }

    private static List<ColdStart.Run> repeat(ColdStart cold, Path event, List<String> jvm, int runs) {
        List<ColdStart.Run> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            all.add(cold.run(event, jvm));
        }
        return all;
    }

    private void coldRow(String variant, List<ColdStart.Run> runs) {
        out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", variant,
                spread(runs, ColdStart.Run::total), spread(runs, ColdStart.Run::jvmAndCli),
                spread(runs, ColdStart.Run::clients), spread(runs, ColdStart.Run::firstCall),
                spread(runs, ColdStart.Run::verdict), spread(runs, ColdStart.Run::exit));
    }

    private static String spread(List<ColdStart.Run> runs, ToDoubleFunction<ColdStart.Run> phase) {
        double[] values = runs.stream().mapToDouble(phase).sorted().toArray();
        double median = values.length % 2 == 1
                ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        return String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", median, values[0], values[values.length - 1]);
    }

    // ---------------------------------------------------------- fleet sweep

    private void fleetSweep(Fleet fleet, Duration latency) throws Exception {
        int n = fleet.groups().size();
        TokenBucket bucket = TokenBucket.ec2Describe();
        try (LoopbackAws aws = new LoopbackAws(fleet, latency, bucket);
             WorkerProcess worker = new WorkerProcess(java, aws)) {
            out.printf("## Fleet sweep: %,d groups, %,d launch templates%n%n", n, fleet.templates().size());
            out.printf(Locale.ROOT, "%.1f%% of template references pinned to a number (%d templates pinned),"
                            + " %,d groups with mixed instances policies; loopback adds %d ms to every call;"
                            + " EC2 bucket 100 burst, 20/s refill. The rule runs in its own JVM with `%s %s`"
                            + " through `ConfigRuleHandler` on a ScheduledNotification.%n%n",
                    fleet.pinnedShare() * 100, fleet.pinnedTemplates(), fleet.mixedGroups(), latency.toMillis(),
                    String.join(" ", DEPLOYED_JVM), HEAP_CAP);

            Sweep first = rule(worker, aws, bucket, false);
            Sweep steady = rule(worker, aws, bucket, false);
            Sweep all = rule(worker, aws, bucket, true);
            int verdicts = aws.recorded().size();

            out.println("| sweep | wall | DescribeAutoScalingGroups | DescribeLaunchTemplateVersions"
                    + " | GetComplianceDetailsByConfigRule | PutEvaluations | calls / minimum | throttled"
                    + " (retries exhausted) | evaluations put | peak heap |");
            out.println("|---|---|---|---|---|---|---|---|---|---|");
            sweepRow("1st (Config empty)", first, fleet, n, 0);
            sweepRow("2nd, steady state", steady, fleet, 0, n);
            sweepRow("3rd, ReportUnchanged=TRUE", all, fleet, n, n);
            out.println();
            out.printf("Every group got a verdict: %s (%,d of %,d held by the fake Config). Minimum calls ="
                            + " ceil(N/100) group pages + ceil(%,d/200) account-wide $Latest/$Default pages +"
                            + " one per pinned template + ceil(put/100) evaluation pages; reading what Config"
                            + " holds (ceil(held/100) pages) is listed apart.%n%n",
                    verdicts == n ? "yes" : "NO", verdicts, n, fleet.accountWideItems());
        }
    }

    record Sweep(JsonNode result, LoopbackAws.Stats stats) {
    }

    private Sweep rule(WorkerProcess worker, LoopbackAws aws, TokenBucket bucket, boolean reportUnchanged)
            throws IOException {
        bucket.refill();
        aws.snapshot();
        JsonNode result = worker.ask("rule " + reportUnchanged);
        if (!result.path("failure").isNull()) {
            throw new IllegalStateException("the rule's sweep failed: " + result.path("failure").asText());
        }
        Sweep sweep = new Sweep(result, aws.snapshot());
        if (Boolean.getBoolean("bench.timeline")) {
            Instant start = sweep.stats().firstArrival().values().stream().min(Instant::compareTo).orElseThrow();
            sweep.stats().firstArrival().forEach((action, first) -> System.err.printf(Locale.ROOT,
                    "  %-34s %6d ms .. %6d ms%n", action, Duration.between(start, first).toMillis(),
                    Duration.between(start, sweep.stats().lastArrival().get(action)).toMillis()));
        }
        return sweep;
    }

    /** Calls the rule cannot do without, for a sweep that puts {@code put} evaluations and reads {@code held}. */
    static Map<String, Long> minimumCalls(Fleet fleet, int put, int held) {
        int n = fleet.groups().size();
        Map<String, Long> minimum = new LinkedHashMap<>();
        minimum.put("DescribeAutoScalingGroups", ceil(n, 100));
        minimum.put("DescribeLaunchTemplateVersions", ceil(fleet.accountWideItems(), 200) + fleet.pinnedTemplates());
        minimum.put("GetComplianceDetailsByConfigRule", Math.max(1, ceil(held, 100)));
        minimum.put("PutEvaluations", ceil(put, 100));
        return minimum;
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }

    private void sweepRow(String name, Sweep sweep, Fleet fleet, int put, int held) {
        Map<String, Long> minimum = minimumCalls(fleet, put, held);
        LoopbackAws.Stats s = sweep.stats();
        long calls = s.calls().values().stream().mapToLong(Long::longValue).sum();
        long min = minimum.values().stream().mapToLong(Long::longValue).sum();
        out.printf(Locale.ROOT, "| %s | %.2f s | %s | %s | %s | %s | %d / %d | %d (%d) | %,d | %d MB |%n", name,
                sweep.result().path("wallMillis").asLong() / 1000.0,
                versus(s, minimum, "DescribeAutoScalingGroups"), versus(s, minimum, "DescribeLaunchTemplateVersions"),
                versus(s, minimum, "GetComplianceDetailsByConfigRule"), versus(s, minimum, "PutEvaluations"),
                calls, min, s.throttledTotal(), s.retriesExhausted(), s.evaluationsPut(),
                sweep.result().path("peakHeapBytes").asLong() / (1024 * 1024));
    }

    private static String versus(LoopbackAws.Stats stats, Map<String, Long> minimum, String action) {
        return stats.calls(action) + " / " + minimum.get(action);
    }

    // ---------------------------------------------------------- naive

    private void naive(Fleet sample, Fleet full, Duration latency) throws Exception {
        int n = sample.groups().size();
        Sweep rule;
        JsonNode naive;
        LoopbackAws.Stats naiveStats;
        TokenBucket bucket = TokenBucket.ec2Describe();
        try (LoopbackAws aws = new LoopbackAws(sample, latency, bucket);
             WorkerProcess worker = new WorkerProcess(java, aws)) {
            rule = rule(worker, aws, bucket, false);
            aws.forgetEvaluations();
            bucket.refill();
            aws.snapshot();
            naive = worker.ask("naive");
            naiveStats = aws.snapshot();
        }
        long ruleCalls = rule.stats().calls().values().stream().mapToLong(Long::longValue).sum();
        long naiveCalls = naiveStats.calls().values().stream().mapToLong(Long::longValue).sum();
        double ruleWall = rule.result().path("wallMillis").asLong() / 1000.0;
        double naiveWall = naive.path("outcome").path("wallMillis").asLong() / 1000.0;

        int fullN = full.groups().size();
        long templated = full.groups().stream().filter(g -> g.template() != null).count();
        long projectedEc2 = templated;
        long projectedCalls = ceil(fullN, 50) + projectedEc2 + fullN;
        // EC2's bucket bounds any strategy: past the burst, 20 calls a second.
        double projectedWall = Math.max(0, projectedEc2 - 100) / 20.0;

        out.printf("## The naive strategy beside the rule: %,d groups, %,d templates, first sweep%n%n", n,
                sample.templates().size());
        out.println("Naive: DescribeAutoScalingGroups pages of 50, one DescribeLaunchTemplateVersions per group"
                + " (its first template only; overrides are not judged), one PutEvaluations per group; same SDK"
                + " clients and retry mode as the rule, same worker JVM options.");
        out.println();
        out.println("| strategy | wall | calls | EC2 calls | throttled (retries exhausted) | evaluations put"
                + " | groups without verdict |");
        out.println("|---|---|---|---|---|---|---|");
        out.printf(Locale.ROOT, "| rule | %.2f s | %d | %d | %d (%d) | %,d | 0 |%n", ruleWall, ruleCalls,
                rule.stats().calls("DescribeLaunchTemplateVersions"), rule.stats().throttledTotal(),
                rule.stats().retriesExhausted(), rule.stats().evaluationsPut());
        out.printf(Locale.ROOT, "| naive | %.2f s | %d | %d | %d (%d) | %,d | %d |%n", naiveWall, naiveCalls,
                naiveStats.calls("DescribeLaunchTemplateVersions"), naiveStats.throttledTotal(),
                naiveStats.retriesExhausted(), naiveStats.evaluationsPut(),
                naive.path("outcome").path("undecided").asInt());
        out.printf(Locale.ROOT, "| naive / rule | %.1fx | %.1fx | | | | |%n", naiveWall / ruleWall,
                (double) naiveCalls / ruleCalls);
        out.printf(Locale.ROOT, "| naive at %,d groups (projected) | at least %.0f s | %,d | %,d | | %,d | |%n%n",
                fullN, projectedWall, projectedCalls, projectedEc2, fullN);
        out.println("The projection is arithmetic, not a run: one EC2 call per group with a template, and"
                + " EC2's bucket admits 100 at once and 20 a second after, whatever the client does.");
    }

    // ---------------------------------------------------------- worker

    /** A {@link Worker} JVM, started with the deployed options and a 256 MB heap cap. */
    static final class WorkerProcess implements AutoCloseable {
        private final Process process;
        private final BufferedReader results;
        private final PrintWriter commands;

        WorkerProcess(Path java, LoopbackAws aws) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(DEPLOYED_JVM);
            command.add(HEAP_CAP);
            String extra = System.getProperty("bench.workerOptions", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(Arrays.asList(extra.split("\\s+")));
            }
            command.addAll(Arrays.asList("-cp", System.getProperty("java.class.path"), Worker.class.getName()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().putAll(aws.environment());
            builder.environment().put("LOG_LEVEL", "INFO");
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            this.process = builder.start();
            this.results = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                    true);
            String line = results.readLine();
            while (line != null && !line.equals("READY")) {
                line = results.readLine(); // what the JVM itself prints first (-Xlog, JFR)
            }
            if (line == null) {
                throw new IllegalStateException("worker ended before it was ready");
            }
        }

        JsonNode ask(String command) throws IOException {
            commands.println(command);
            for (String line = results.readLine(); line != null; line = results.readLine()) {
                if (line.startsWith("RESULT ")) {
                    return JSON.readTree(line.substring("RESULT ".length()));
                }
            }
            throw new UncheckedIOException(new IOException("worker ended before answering '" + command + "'"));
        }

        @Override
        public void close() {
            commands.println("exit");
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
            }
        }
    }
}
