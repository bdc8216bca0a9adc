package dev.imdsv2.rule.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.aws.AwsClients;
import dev.imdsv2.rule.event.Json;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Makes one group require IMDSv2, with the standard AWS SDK environment.
 * Prints the plan; without {@code --dry-run} applies it and prints each
 * step's result. Exit 0 when applied, planned or nothing was to do; 1 when no
 * plan could be made, it was refused, or a step failed (rerun to complete).
 */
@Command(name = "remediate", mixinStandardHelpOptions = true,
        description = "Make GROUP's launch template versions require IMDSv2: new versions copied whole with"
                + " HttpTokens=required, the group (or the template's default) moved to them. Prints the plan,"
                + " then applies it unless --dry-run. Exit 0 done or nothing to do, 1 not planned, refused or"
                + " failed part-way (rerun to complete).")
public final class RemediateCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = Json.mapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--group", required = true, paramLabel = "GROUP", description = "the group's name or ARN")
    String group;

    @Option(names = "--dry-run", description = "print the plan and change nothing")
    boolean dryRun;

    @Option(names = "--refresh", description = "also start an instance refresh, so running instances are replaced")
    boolean refresh;

    @Option(names = "--allow-shared",
            description = "apply even when other groups sharing a template would launch with changed settings")
    boolean allowShared;

    @Option(names = "--enable-endpoint",
            description = "where a version disables the metadata endpoint, enable it (otherwise left disabled)")
    boolean enableEndpoint;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "output format: text (default) or json")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("text") && !format.equals("json")) {
            spec.commandLine().getErr().println("remediate: --format must be text or json; got '" + format + "'");
            return 2;
        }
        RemediationRequest request;
        try {
            request = new RemediationRequest(group, dryRun, refresh, allowShared, enableEndpoint);
            request.groupName();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("remediate: " + e.getMessage());
            return 2;
        }
        RemediationReport report;
        try (AwsClients clients = AwsClients.fromEnvironment()) {
            report = new Remediation(new AwsFleet(clients.ec2(), clients.autoScaling())).run(request);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.equals("json")) {
            out.println(MAPPER.writeValueAsString(ReportJson.of(report, MAPPER)));
        } else {
            out.print(ReportText.of(report));
        }
        out.flush();
        return report.outcome().succeeded() ? 0 : 1;
    }
}
