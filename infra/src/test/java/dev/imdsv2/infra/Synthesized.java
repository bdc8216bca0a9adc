package dev.imdsv2.infra;

import java.nio.file.Path;
import java.util.Map;

import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Template;

/**
 * The app synthesized once per JVM and shared by every test class: a synth
 * starts Node and hashes the 40 MB rule jar, so doing it per test would cost
 * minutes. {@link Defaults} is the app with an empty context, {@link Tuned}
 * the app with every context key set; each is built on first use, the way
 * {@code cdk synth} builds it, into {@code target/synth-<name>}.
 */
final class Synthesized {

    static final Map<String, Object> TUNED_CONTEXT = Map.ofEntries(
            Map.entry("VersionToJudge", "LATEST"),
            Map.entry("HttpEndpointDisabled", "COMPLIANT"),
            Map.entry("AccountDefaults", "HONOR"),
            Map.entry("LaunchConfigurations", "EVALUATE"),
            Map.entry("ExemptionTag", "imdsv2-exempt=true"),
            Map.entry("ReportUnchanged", "TRUE"),
            Map.entry("ruleName", "imdsv2-tuned"),
            Map.entry("maximumExecutionFrequency", "Six_Hours"),
            Map.entry("logRetentionDays", "90"),
            Map.entry("conformancePack", "true"));

    final Path outdir;
    final RuleStack stack;
    final Template template;
    final Annotations annotations;

    private Synthesized(String name, Map<String, Object> context) {
        this.outdir = Path.of("target", "synth-" + name).toAbsolutePath();
        App app = App.Builder.create()
                .context(context)
                .outdir(outdir.toString())
                .build();

        this.stack = RuleApp.synthesize(app);
        this.template = Template.fromStack(stack);
        this.annotations = Annotations.fromStack(stack);
    }

    static final class Defaults {
        static final Synthesized APP = new Synthesized("defaults", Map.of());
    }

    static final class Tuned {
        static final Synthesized APP = new Synthesized("tuned", TUNED_CONTEXT);
    }
}
