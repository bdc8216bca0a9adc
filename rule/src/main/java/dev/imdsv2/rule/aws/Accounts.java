package dev.imdsv2.rule.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.event.MalformedEventException;
import dev.imdsv2.rule.event.RuleInvocation;
import dev.imdsv2.rule.log.JsonLog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Chooses whose credentials an invocation uses. Without {@code ExecutionRoleName}
 * the function's own; with it, the named role in the event's account, so one
 * central function can judge and report for every account of an organization.
 * Assumed credentials are kept per role in the warm container, and the SDK
 * provider renews them shortly before they expire.
 */
public final class Accounts {

    private final Supplier<RuleServices> home;
    private final Supplier<StsClient> sts;
    private final ObjectMapper mapper;
    private final UnaryOperator<RuleServices> decorate;
    private final Map<String, RuleServices> byRole = new ConcurrentHashMap<>();

    public Accounts(Supplier<RuleServices> home, Supplier<StsClient> sts, ObjectMapper mapper,
                    UnaryOperator<RuleServices> decorate) {
        this.home = home;
        this.sts = sts;
        this.mapper = mapper;
        this.decorate = decorate;
    }

    /** The function's own clients, built once; STS only when a role is first assumed. */
    public static Accounts fromEnvironment(ObjectMapper mapper, UnaryOperator<RuleServices> decorate) {
        long started = System.nanoTime();
        AwsClients clients = AwsClients.fromEnvironment();
        RuleServices services = clients.services(mapper);
        // Timed because client construction is a large, fixed share of a cold start (bench/README.md).
        JsonLog.debug("clients built", "micros", (System.nanoTime() - started) / 1_000);
        Supplier<StsClient> sts = memoize(() -> StsClient.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build());
        return new Accounts(() -> services, sts, mapper, decorate);
    }

    public RuleServices servicesFor(RuleInvocation invocation) {
        var roleName = invocation.parameters().executionRoleName();
        if (roleName.isEmpty()) {
            return decorate.apply(home.get());
        }
        String roleArn = roleArn(invocation, roleName.get());
        return byRole.computeIfAbsent(roleArn, arn -> decorate.apply(assume(arn, invocation.accountId())));
    }

    static String roleArn(RuleInvocation invocation, String roleName) {
        String account = invocation.accountId();
        if (account == null || !account.matches("\\d{12}")) {
            throw new MalformedEventException("event field 'accountId' must be a 12-digit account id when"
                    + " ExecutionRoleName is set; got " + (account == null ? "nothing" : "'" + account + "'"));
        }
        return "arn:" + partition(invocation.configRuleArn()) + ":iam::" + account + ":role/" + roleName;
    }

    /** The partition of the rule's own ARN (aws, aws-cn, aws-us-gov), so the role lives beside it. */
    static String partition(String arn) {
        if (arn != null && arn.startsWith("arn:")) {
            String[] parts = arn.split(":", 3);
            if (parts.length > 2 && !parts[1].isEmpty()) {
                return parts[1];
            }
        }
        return "aws";
    }

    private RuleServices assume(String roleArn, String accountId) {
        String session = "asg-imdsv2-rule-" + accountId;
        var credentials = StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts.get())
                .refreshRequest(r -> r.roleArn(roleArn).roleSessionName(session))
                .build();
        try {
            credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new RoleAssumptionException(roleArn, e);
        }
        // A renewal that fails later (role deleted, trust changed) surfaces inside
        // some EC2 or Config call; name the role there too, not only that call.
        AwsCredentialsProvider named = () -> {
            try {
                return credentials.resolveCredentials();
            } catch (SdkException e) {
                throw SdkClientException.create(new RoleAssumptionException(roleArn, e).getMessage(), e);
            }
        };
        return AwsClients.withCredentials(named).services(mapper);
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    /** The execution role could not be assumed; says what to check. */
    public static final class RoleAssumptionException extends RuntimeException {
        RoleAssumptionException(String roleArn, SdkException cause) {
            super("sts:AssumeRole of " + roleArn + " failed with " + Gaps.of("sts:AssumeRole", cause).errorCode()
                    + ": check that the role exists in that account, that its trust policy lets this function's"
                    + " execution role assume it, and that it is not the AWS Config service-linked role", cause);
        }
    }
}
