package dev.imdsv2.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cold starts of {@code java -jar rule.jar invoke EVENT} on one group's
 * change event, each in a fresh JVM, against a loopback AWS. The split comes
 * from three clocks that agree (one machine): the benchmark's own before the
 * process starts and after it ends, the rule's DEBUG line when its clients
 * are built (with how long that took), and the loopback's arrival times.
 */
final class ColdStart {

    /** One start, split in phases (milliseconds). */
    record Run(double jvmAndCli, double clients, double firstCall, double verdict, double exit, double total,
               int exitCode) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path java;
    private final Path ruleJar;
    private final Path workDir;
    private final LoopbackAws aws;
    private final Fleet.Group group;

    ColdStart(Path java, Path ruleJar, Path workDir, LoopbackAws aws, Fleet.Group group) {
        this.java = java;
        this.ruleJar = ruleJar.toAbsolutePath();
        this.workDir = workDir;
        this.aws = aws;
        this.group = group;
    }

    /** Writes the group's change event, as Config sends it, for {@code invoke}. */
    Path writeEvent() {
        ObjectNode spec = JSON.createObjectNode()
                .put("launchTemplateId", group.template().template().id())
                .put("launchTemplateName", group.template().template().name());
        if (group.template().version() != null) {
            spec.put("version", group.template().version());
        }
        ObjectNode configuration = JSON.createObjectNode()
                .put("autoScalingGroupName", group.name())
                .put("autoScalingGroupARN", group.arn());
        configuration.set("launchTemplate", spec);
        ObjectNode item = JSON.createObjectNode()
                .put("resourceType", "AWS::AutoScaling::AutoScalingGroup")
                .put("resourceId", group.arn())
                .put("resourceName", group.name())
                .put("configurationItemStatus", "OK")
                .put("configurationItemCaptureTime", "2026-01-02T03:04:05.000Z")
                .put("awsAccountId", Fleet.ACCOUNT)
                .put("awsRegion", Fleet.REGION);
        item.set("configuration", configuration);
        item.set("tags", JSON.createObjectNode());
        ObjectNode invoking = JSON.createObjectNode()
                .put("messageType", "ConfigurationItemChangeNotification")
                .put("notificationCreationTime", "2026-01-02T03:04:06.000Z")
                .put("recordVersion", "1.3");
        invoking.set("configurationItem", item);
        ObjectNode event = JSON.createObjectNode()
                .put("invokingEvent", invoking.toString())
                .put("ruleParameters", "{}")
                .put("resultToken", "bench-result-token")
                .put("eventLeftScope", false)
                .put("configRuleName", SweepDriver.RULE_NAME)
                .put("accountId", Fleet.ACCOUNT);
        Path file = workDir.resolve("group-change-event.json");
        try {
            Files.writeString(file, event.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Runs once, as Lambda would start the function, with the extra JVM options given. */
    Run run(Path event, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", ruleJar.toString(), "invoke", event.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(aws.environment());
        builder.environment().put("LOG_LEVEL", "DEBUG");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        aws.snapshot();
        try {
            Instant spawned = Instant.now();
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            int code = process.waitFor();
            Instant ended = Instant.now();
            var stats = aws.snapshot();
            return split(spawned, ended, new String(err, StandardCharsets.UTF_8), stats, code, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Builds a JDK 25 AOT cache from one training run of the same command; returns its path. */
    Path trainAotCache(Path event, List<String> jvmOptions) {
        Path cache = workDir.resolve("rule.aot");
        List<String> training = new ArrayList<>(jvmOptions);
        training.add("-XX:AOTCacheOutput=" + cache);
        Run run = run(event, training);
        if (run.exitCode() != 0 || !Files.isRegularFile(cache)) {
            throw new IllegalStateException("AOT training run failed (exit " + run.exitCode() + ")");
        }
        return cache;
    }

    private static Run split(Instant spawned, Instant ended, String stderr, LoopbackAws.Stats stats, int code,
                             byte[] stdout) {
        Instant clientsBuilt = null;
        double clientMillis = Double.NaN;
        for (String line : stderr.lines().toList()) {
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                JsonNode log = JSON.readTree(line);
                if ("clients built".equals(log.path("message").asText())) {
                    clientsBuilt = Instant.parse(log.path("timestamp").asText());
                    clientMillis = log.path("micros").asLong() / 1000.0;
                }
            } catch (IOException e) {
                // not one of the rule's log lines
            }
        }
        Instant first = stats.firstArrival().values().stream().min(Instant::compareTo).orElse(null);
        Instant put = stats.firstArrival().get("PutEvaluations");
        if (code != 0 || clientsBuilt == null || first == null || put == null || stdout.length == 0) {
            throw new IllegalStateException("cold start run failed (exit " + code + "): " + stderr);
        }
        double total = millis(spawned, ended);
        double jvm = millis(spawned, clientsBuilt) - clientMillis;
        return new Run(jvm, clientMillis, millis(clientsBuilt, first), millis(first, put), millis(put, ended),
                total, code);
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }
}
