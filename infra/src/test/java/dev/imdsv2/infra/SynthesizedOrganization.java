package dev.imdsv2.infra;

import java.nio.file.Path;
import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The organization app synthesized once per JVM, as {@link Synthesized}
 * does for the single-account app. {@link Pack} is the default delivery, an
 * organization conformance pack, with excluded accounts and rule parameters;
 * {@link ConfigRule} the organization Config rule alternative with every
 * other organization key set. The rule jar's asset is staged once per JVM,
 * so the second synth costs little.
 */
final class SynthesizedOrganization {

    static final Map<String, Object> PACK_CONTEXT = Map.ofEntries(
            Map.entry("deployment", "organization"),
            Map.entry("organizationId", "o-abcdefghij"),
            Map.entry("targetOus", "ou-abcd-12345678, r-ab12"),
            Map.entry("excludedAccounts", "111111111111,222222222222"),
            Map.entry("VersionToJudge", "LATEST"),
            Map.entry("ExemptionTag", "imdsv2-exempt=true"),
            Map.entry("maximumExecutionFrequency", "Six_Hours"));

    static final Map<String, Object> CONFIG_RULE_CONTEXT = Map.ofEntries(
            Map.entry("deployment", "organization"),
            Map.entry("organizationId", "o-abcdefghij"),
            Map.entry("targetOus", "r-ab12"),
            Map.entry("organizationRule", "config-rule"),
            Map.entry("invokingAccounts", "333333333333,444444444444"),
            Map.entry("callAs", "SELF"),
            Map.entry("memberRoleRegion", "us-east-1"),
            Map.entry("ExecutionRoleName", "imdsv2-judge"),
            Map.entry("ruleName", "imdsv2-org"),
            Map.entry("ReportUnchanged", "TRUE"));

    final Path outdir;
    final OrganizationStack stack;
    final Template template;
    final Annotations annotations;

    private SynthesizedOrganization(String name, Map<String, Object> context) {
        this.outdir = Path.of("target", "synth-" + name).toAbsolutePath();
        App app = App.Builder.create()
                .context(context)
                .outdir(outdir.toString())
                .build();

        this.stack = RuleApp.synthesizeOrganization(app);
        this.template = Template.fromStack(stack);
        this.annotations = Annotations.fromStack(stack);
    }

    static final class Pack {
        static final SynthesizedOrganization APP = new SynthesizedOrganization("organization-pack", PACK_CONTEXT);
    }

    static final class ConfigRule {
        static final SynthesizedOrganization APP =
                new SynthesizedOrganization("organization-config-rule", CONFIG_RULE_CONTEXT);
    }
}
