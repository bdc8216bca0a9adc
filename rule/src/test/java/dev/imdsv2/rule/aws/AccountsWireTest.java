package dev.imdsv2.rule.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.decision.Compliance;
import dev.imdsv2.rule.decision.Evaluation;
import dev.imdsv2.rule.decision.Parameters;
import dev.imdsv2.rule.event.RuleInvocation;
import dev.imdsv2.rule.event.Trigger;
import dev.imdsv2.rule.wire.FakeAws;
import dev.imdsv2.rule.wire.FakeAws.Answer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Organization mode: {@code sts:AssumeRole} through the real STS client, against {@link FakeAws}. */
class AccountsWireTest {

    private static final String ASSUME = "AssumeRole";
    private static final String PUT = "PutEvaluations";
    private static final String MEMBER = "111122223333";
    private static final String ROLE = "ImdsV2RuleExecution";
    private static final String ROLE_ARN = "arn:aws:iam::111122223333:role/ImdsV2RuleExecution";
    private static final String ASSUMED_KEY = "ASIAFAKEASSUMED11111";
    private static final String RULE_ARN = "arn:aws:config:us-east-1:123456789012:config-rule/config-rule-a1b2c3";

    @RegisterExtension
    final FakeAws aws = new FakeAws();

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void servicesFor_whenExecutionRoleNamed_signsEveryCallWithTheAssumedRole() {
        aws.on(ASSUME).answer(Answer.file("sts/assume-role.xml"));
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));
        Accounts accounts = Accounts.fromEnvironment(mapper, UnaryOperator.identity());

        put(accounts.servicesFor(invocation(MEMBER, RULE_ARN)));

        assertThat(aws.requests(ASSUME)).singleElement().satisfies(sent -> {
            assertThat(sent.form()).isEqualTo(Map.of(
                    "Action", ASSUME,
                    "Version", "2011-06-15",
                    "RoleArn", ROLE_ARN,
                    "RoleSessionName", "asg-imdsv2-rule-111122223333"));
            assertThat(sent.accessKeyId()).isEqualTo(FakeAws.ACCESS_KEY_ID);
        });
        assertThat(aws.requests(PUT)).singleElement().satisfies(sent -> {
            assertThat(sent.accessKeyId()).isEqualTo(ASSUMED_KEY);
            assertThat(sent.header("X-Amz-Security-Token")).isEqualTo("FwoGZXIvYXdzEFAKESESSIONTOKENFOR111122223333");
        });
    }

    @Test
    void servicesFor_whenRuleLivesInAnotherPartition_assumesTheRoleInThatPartition() {
        aws.on(ASSUME).answer(Answer.file("sts/assume-role.xml"));
        Accounts accounts = Accounts.fromEnvironment(mapper, UnaryOperator.identity());

        accounts.servicesFor(invocation(MEMBER,
                "arn:aws-cn:config:cn-north-1:123456789012:config-rule/config-rule-a1b2c3"));

        assertThat(aws.requests(ASSUME).getFirst().form())
                .containsEntry("RoleArn", "arn:aws-cn:iam::111122223333:role/ImdsV2RuleExecution");
    }

    @Test
    void servicesFor_whenSameAccountTwice_assumesTheRoleOnce() {
        aws.on(ASSUME).answer(Answer.file("sts/assume-role.xml"));
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));
        Accounts accounts = Accounts.fromEnvironment(mapper, UnaryOperator.identity());

        put(accounts.servicesFor(invocation(MEMBER, RULE_ARN)));
        put(accounts.servicesFor(invocation(MEMBER, RULE_ARN)));

        assertThat(aws.count(ASSUME)).isEqualTo(1);
        assertThat(aws.requests(PUT)).extracting(FakeAws.Sent::accessKeyId).containsExactly(ASSUMED_KEY, ASSUMED_KEY);
    }

    @Test
    void servicesFor_whenAssumedCredentialsExpireWithinAMinute_assumesTheRoleAgain() {
        String soon = Instant.now().plusSeconds(30).toString();
        aws.on(ASSUME).answer(Answer.text(FakeAws.fixture("sts/assume-role.xml")
                .replace("2099-12-31T23:59:59Z", soon)));
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));
        Accounts accounts = Accounts.fromEnvironment(mapper, UnaryOperator.identity());

        put(accounts.servicesFor(invocation(MEMBER, RULE_ARN)));
        int afterFirst = aws.count(ASSUME);
        put(accounts.servicesFor(invocation(MEMBER, RULE_ARN)));

        assertThat(aws.count(ASSUME)).isGreaterThan(afterFirst);
        assertThat(aws.requests(PUT)).extracting(FakeAws.Sent::accessKeyId).containsExactly(ASSUMED_KEY, ASSUMED_KEY);
    }

    @Test
    void servicesFor_whenAssumedCredentialsAlreadyExpired_assumesTheRoleAgain() {
        String past = Instant.now().minusSeconds(600).toString();
        aws.on(ASSUME).answer(Answer.text(FakeAws.fixture("sts/assume-role.xml")
                .replace("2099-12-31T23:59:59Z", past)));
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));
        Accounts accounts = Accounts.fromEnvironment(mapper, UnaryOperator.identity());

        put(accounts.servicesFor(invocation(MEMBER, RULE_ARN)));
        int afterFirst = aws.count(ASSUME);
        put(accounts.servicesFor(invocation(MEMBER, RULE_ARN)));

        assertThat(aws.count(ASSUME)).isGreaterThan(afterFirst);
    }

    @Test
    void servicesFor_whenAssumeRoleDenied_throwsNamingTheRoleArnAndCode() {
        aws.on(ASSUME).answer(Answer.error(403, "AccessDenied", "User: arn:aws:sts::123456789012:assumed-role/fn/x"
                + " is not authorized to perform: sts:AssumeRole on resource: " + ROLE_ARN));
        Accounts accounts = Accounts.fromEnvironment(mapper, UnaryOperator.identity());

        assertThatThrownBy(() -> accounts.servicesFor(invocation(MEMBER, RULE_ARN)))
                .isInstanceOf(Accounts.RoleAssumptionException.class)
                .hasMessageStartingWith("sts:AssumeRole of " + ROLE_ARN + " failed with AccessDenied");
        assertThat(aws.count(PUT)).isZero();
    }

    @Test
    void servicesFor_whenNoExecutionRole_usesTheFunctionsOwnCredentials() {
        aws.on(PUT).answer(Answer.file("config/put-evaluations-ok.json"));
        Accounts accounts = Accounts.fromEnvironment(mapper, UnaryOperator.identity());
        var invocation = new RuleInvocation(new Trigger.Scheduled(Instant.EPOCH), Parameters.DEFAULTS, "token",
                false, MEMBER, "asg-imdsv2-required", RULE_ARN);

        put(accounts.servicesFor(invocation));

        assertThat(aws.count(ASSUME)).isZero();
        assertThat(aws.requests(PUT).getFirst().accessKeyId()).isEqualTo(FakeAws.ACCESS_KEY_ID);
    }

    private static RuleInvocation invocation(String accountId, String ruleArn) {
        Parameters d = Parameters.DEFAULTS;
        Parameters parameters = new Parameters(d.versionToJudge(), d.httpEndpointDisabled(), d.accountDefaults(),
                d.launchConfigurations(), d.exemptionTag(), d.reportUnchanged(), Optional.of(ROLE));
        return new RuleInvocation(new Trigger.Scheduled(Instant.EPOCH), parameters, "token", false, accountId,
                "asg-imdsv2-required", ruleArn);
    }

    private static void put(RuleServices services) {
        services.evaluations().put(List.of(new Evaluation(
                "arn:aws:autoscaling:us-east-1:111122223333:autoScalingGroup:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d:"
                        + "autoScalingGroupName/member-asg",
                Compliance.COMPLIANT, "IMDSv2 required", Instant.parse("2025-11-20T14:03:11.204Z"))), "token", false);
    }
}
