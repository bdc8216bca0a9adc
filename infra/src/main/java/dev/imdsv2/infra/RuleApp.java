package dev.imdsv2.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app that cdk.json runs: one stack holding the rule, checked by
 * cdk-nag's AWS Solutions pack, plus conformance-pack.yaml beside the
 * synthesized templates for those who deploy rules as a conformance pack.
 * With {@code -c deployment=organization} it builds the organization's
 * central stack instead ({@link OrganizationStack}), plus member-role.json.
 *
 * <p>The stack is environment-agnostic: it deploys to the account and region
 * of the credentials the CDK CLI runs with, and synthesizes without any.
 */
public final class RuleApp {

    public static final String STACK_NAME = "AsgImdsV2Rule";
    public static final String ORGANIZATION_STACK_NAME = "AsgImdsV2RuleOrganization";

    private RuleApp() {
    }

    public static void main(String[] args) {
        try {
            App app = new App();
            if (OrganizationSettings.isRequested(app.getNode())) {
                synthesizeOrganization(app);
            } else {
                synthesize(app);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A bad context value or an unbuilt jar: the message says what to
            // change, and a stack trace would only bury it.
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Builds the stack, synthesizes the app into its output directory and
     * writes {@value ConformancePackTemplate#FILE_NAME} beside the templates.
     */
    public static RuleStack synthesize(App app) {
        RuleStack stack = compose(app);

        app.synth();
        writeConformancePack(app);

        return stack;
    }

    /**
     * Builds the stack from the app's context and puts cdk-nag on the app.
     *
     * @throws IllegalArgumentException when a context value is not valid
     * @throws IllegalStateException when the rule's jar has not been built
     */
    public static RuleStack compose(App app) {
        RuleSettings settings = RuleSettings.fromContext(app.getNode());
        ImdsV2RuleProps props = new ImdsV2RuleProps(RuleJar.locate(app.getNode()), settings);

        RuleStack stack = new RuleStack(app, STACK_NAME, StackProps.builder()
                .description("AWS Config custom rule: Auto Scaling groups that can launch without IMDSv2")
                .build(), props);
        Aspects.of(app).add(new AwsSolutionsChecks());

        return stack;
    }

    /**
     * Builds the organization's central stack ({@code -c deployment=organization}),
     * synthesizes the app and writes {@value MemberRoleTemplate#FILE_NAME}
     * beside the templates, for the management account.
     */
    public static OrganizationStack synthesizeOrganization(App app) {
        OrganizationStack stack = composeOrganization(app);

        app.synth();
        Path outdir = Path.of(app.getOutdir());
        try {
            MemberRoleTemplate.of(OrganizationSettings.fromContext(app.getNode())).writeTo(outdir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the member role template into " + outdir, e);
        }

        return stack;
    }

    /**
     * Builds the organization's central stack from the app's context and
     * puts cdk-nag on the app.
     *
     * @throws IllegalArgumentException when a context value is missing or not valid
     * @throws IllegalStateException when the rule's jar has not been built
     */
    public static OrganizationStack composeOrganization(App app) {
        RuleSettings settings = RuleSettings.fromContext(app.getNode());
        OrganizationSettings organization = OrganizationSettings.fromContext(app.getNode());
        ImdsV2RuleProps props = new ImdsV2RuleProps(RuleJar.locate(app.getNode()), settings);

        OrganizationStack stack = new OrganizationStack(app, ORGANIZATION_STACK_NAME, StackProps.builder()
                .description("AWS Config custom rule for every account of the organization:"
                        + " Auto Scaling groups that can launch without IMDSv2")
                .build(), props, organization);
        Aspects.of(app).add(new AwsSolutionsChecks());

        return stack;
    }

    private static void writeConformancePack(App app) {
        Path outdir = Path.of(app.getOutdir());
        try {
            ConformancePackTemplate.of(RuleSettings.fromContext(app.getNode())).writeTo(outdir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance pack template into " + outdir, e);
        }
    }
}
