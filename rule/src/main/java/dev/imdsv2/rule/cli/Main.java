package dev.imdsv2.rule.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The rule's jar as a command-line tool: {@code invoke} runs the Lambda handler
 * on an event file, {@code scan} judges a whole account (or an export of one)
 * read-only. Exit codes: 0 success, 1 the handler or scan failed, 2 usage,
 * 3 a scan found non-compliant groups.
 */
@Command(
        name = "rule.jar",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Which Auto Scaling groups can launch instances without IMDSv2.",
        subcommands = {InvokeCommand.class, ScanCommand.class, dev.imdsv2.rule.evidence.EvidenceCommand.class,
                dev.imdsv2.rule.remediation.RemediateCommand.class})
public final class Main implements Runnable {

    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NON_COMPLIANT = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the tool and returns its exit code, for tests and {@link #main}. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs the tool writing its output and its messages to the given writers, for in-process tests. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine()
                .setOut(out)
                .setErr(err)
                .execute(args);
    }

    private static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println(commandLine.getCommandName() + ": " + e.getMessage());
                    return FAILED;
                });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: invoke or scan");
    }

    /** The version the jar's manifest carries. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"asg-imdsv2-rule " + (version == null ? "development" : version)};
        }
    }
}
