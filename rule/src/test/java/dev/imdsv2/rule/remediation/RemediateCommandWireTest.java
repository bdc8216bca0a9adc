package dev.imdsv2.rule.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.aws.AwsClients;
import dev.imdsv2.rule.wire.FakeAws;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** The {@code remediate} command and the Lambda handler, on the mixed group that shares its templates. */
class RemediateCommandWireTest {

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    @Test
    void dryRun_printsThePlanWithTheSharedGroups_andExitsZero() throws Exception {
        RemediationWireTest.mixedBatchSharingTemplates(new AwsWrites(aws));
        StringWriter out = new StringWriter();

        int exit = new CommandLine(new RemediateCommand())
                .setOut(new PrintWriter(out))
                .execute("--group", "batch", "--dry-run");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("1. CreateLaunchTemplateVersion lt-0aaa0aaa0aaa0aaa0 (tpl-0aaa0aaa0aaa0aaa0) SourceVersion=3"
                        + " MetadataOptions={HttpTokens=required, HttpEndpoint=enabled, HttpPutResponseHopLimit=2,"
                        + " HttpProtocolIpv6=disabled, InstanceMetadataTags=enabled}")
                .contains("CHANGES    api")
                .contains("unaffected jobs")
                .contains("PLANNED: dry run: 6 step(s) planned, nothing changed");
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "remediation-plan-example.txt"), out.toString());
    }

    @Test
    void handler_takesSsmsTextFlags_andAnswersThePlanAsJson() throws Exception {
        RemediationWireTest.mixedBatchSharingTemplates(new AwsWrites(aws));
        String input = "{\"group\":\"" + AwsWrites.arn("batch") + "\",\"dryRun\":\"true\",\"refresh\":\"false\","
                + "\"allowShared\":\"false\"}";
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        try (AwsClients clients = AwsClients.fromEnvironment()) {
            new RemediationHandler(() -> new AwsFleet(clients.ec2(), clients.autoScaling())).handleRequest(
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, null);
        }

        JsonNode report = new ObjectMapper().readTree(output.toByteArray());
        assertThat(report.get("outcome").asText()).isEqualTo("PLANNED");
        assertThat(report.get("steps")).hasSize(6);
        assertThat(report.get("steps").get(5).get("call").asText()).isEqualTo("UpdateAutoScalingGroup");
        assertThat(report.get("sharedGroups").findValuesAsText("group")).containsExactly("web", "api", "jobs");
    }

    @Test
    void handler_failsTheInvocationWhenRefused_sayingWhy() throws Exception {
        RemediationWireTest.mixedBatchSharingTemplates(new AwsWrites(aws));
        String input = "{\"group\":\"batch\",\"dryRun\":false}";

        try (AwsClients clients = AwsClients.fromEnvironment()) {
            var handler = new RemediationHandler(() -> new AwsFleet(clients.ec2(), clients.autoScaling()));
            assertThatThrownBy(() -> handler.handleRequest(
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                    null))
                    .isInstanceOf(RemediationHandler.RemediationFailedException.class)
                    .hasMessageContaining("REFUSED")
                    .hasMessageContaining("api");
        }
        assertThat(aws.requests().stream().map(FakeAws.Sent::action))
                .doesNotContain("CreateLaunchTemplateVersion", "UpdateAutoScalingGroup");
    }

    @Test
    void handler_refusesAnUnknownField() {
        assertThatThrownBy(() -> RemediationHandler.request(new ObjectMapper().readTree(
                "{\"group\":\"web\",\"dry_run\":true}")))
                .hasMessage("remediation input has unknown field 'dry_run'; known: allowShared, dryRun,"
                        + " enableEndpoint, group, refresh");
    }
}
