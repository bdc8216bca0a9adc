package dev.imdsv2.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class RuleStackTest {

    private static final Template DEFAULTS = Synthesized.Defaults.APP.template;
    private static final Template TUNED = Synthesized.Tuned.APP.template;

    private static final Map<String, Object> ALIAS = Map.of("Ref", Match.stringLikeRegexp("ImdsV2RuleLive.*"));

    @Test
    void functionRunsJava25OnArm64WithSnapStart() {
        DEFAULTS.resourceCountIs("AWS::Lambda::Function", 1);

        DEFAULTS.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java25",
                "Architectures", List.of("arm64"),
                "Handler", "dev.imdsv2.rule.lambda.ConfigRuleHandler::handleRequest",
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
    }

    @Test
    void functionIsSizedForASweepOfFiveThousandGroups() {
        DEFAULTS.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "MemorySize", 1024,
                "Timeout", 300));
    }

    @Test
    void functionStartsOnC1OnlyAndIsNotTraced() {
        DEFAULTS.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Environment", Map.of("Variables", Map.of(
                        "JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1")),
                "TracingConfig", Match.absent()));
    }

    @Test
    void functionLogsToItsOwnGroupKeptOneYearByDefault() {
        DEFAULTS.resourceCountIs("AWS::Logs::LogGroup", 1);
        DEFAULTS.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 365));

        DEFAULTS.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "LoggingConfig", Map.of("LogGroup", Map.of("Ref", Match.stringLikeRegexp("ImdsV2RuleLogs.*")))));
    }

    @Test
    void logRetentionComesFromContext() {
        TUNED.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 90));
    }

    @Test
    void aliasLivePointsAtThePublishedVersion() {
        DEFAULTS.resourceCountIs("AWS::Lambda::Version", 1);

        DEFAULTS.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(
                        Match.stringLikeRegexp("ImdsV2RuleFunctionCurrentVersion.*"), "Version"))));
    }

    @Test
    void failedInvocationsGoToTheQueueAfterTwoRetries() {
        DEFAULTS.resourceCountIs("AWS::Lambda::EventInvokeConfig", 1);

        DEFAULTS.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "MaximumRetryAttempts", 2,
                "MaximumEventAgeInSeconds", 6 * 60 * 60,
                "Qualifier", Match.objectLike(Map.of("Fn::Select", Match.arrayWith(List.of(
                        Map.of("Fn::Split", List.of(":", ALIAS)))))),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Map.of("Fn::GetAtt", List.of(
                        Match.stringLikeRegexp("ImdsV2RuleFailedInvocations.*"), "Arn"))))));
    }

    @Test
    void failureQueueIsEncryptedAndRefusesPlainHttp() {
        DEFAULTS.resourceCountIs("AWS::SQS::Queue", 1);
        DEFAULTS.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", 14 * 24 * 60 * 60));

        DEFAULTS.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                "PolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Effect", "Deny",
                        "Action", "sqs:*",
                        "Principal", Map.of("AWS", "*"),
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
                        "Resource", Match.anyValue())))));
    }

    @Test
    void alarmsWatchFunctionErrorsAndWaitingFailures() {
        DEFAULTS.resourceCountIs("AWS::CloudWatch::Alarm", 2);

        Object liveQualifier = Map.of("Fn::Join", List.of("", Match.arrayWith(List.of(":live"))));

        DEFAULTS.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/Lambda",
                "MetricName", "Errors",
                "Dimensions", Match.arrayWith(List.of(Map.of(
                        "Name", "Resource",
                        "Value", liveQualifier))),
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "Threshold", 1));
        DEFAULTS.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "ComparisonOperator", "GreaterThanThreshold",
                "Threshold", 0));
    }

    @Test
    void ruleInvokesTheAliasOnChangesAndOnADailySweep() {
        DEFAULTS.resourceCountIs("AWS::Config::ConfigRule", 1);

        DEFAULTS.hasResourceProperties("AWS::Config::ConfigRule", Map.of(
                "ConfigRuleName", "asg-launch-template-imdsv2",
                "Description", Match.stringLikeRegexp(".*IMDSv2.*HttpTokens=required.*"),
                "Source", Map.of(
                        "Owner", "CUSTOM_LAMBDA",
                        "SourceIdentifier", ALIAS,
                        "SourceDetails", List.of(
                                Map.of(
                                        "EventSource", "aws.config",
                                        "MessageType", "ConfigurationItemChangeNotification"),
                                Map.of(
                                        "EventSource", "aws.config",
                                        "MessageType", "OversizedConfigurationItemChangeNotification"),
                                Map.of(
                                        "EventSource", "aws.config",
                                        "MessageType", "ScheduledNotification",
                                        "MaximumExecutionFrequency", "TwentyFour_Hours")))));
    }

    @Test
    void ruleLooksAtGroupsAndLaunchTemplates() {
        DEFAULTS.hasResourceProperties("AWS::Config::ConfigRule", Map.of(
                "Scope", Map.of("ComplianceResourceTypes", List.of(
                        "AWS::AutoScaling::AutoScalingGroup",
                        "AWS::EC2::LaunchTemplate"))));
    }

    @Test
    void ruleLeavesParametersToTheRuleDefaultsWhenContextHasNone() {
        DEFAULTS.hasResourceProperties("AWS::Config::ConfigRule", Map.of(
                "InputParameters", Match.absent()));
    }

    @Test
    void rulePassesEveryParameterGivenInContext() {
        TUNED.hasResourceProperties("AWS::Config::ConfigRule", Map.of(
                "ConfigRuleName", "imdsv2-tuned",
                "MaximumExecutionFrequency", "Six_Hours",
                "InputParameters", Map.of(
                        "VersionToJudge", "LATEST",
                        "HttpEndpointDisabled", "COMPLIANT",
                        "AccountDefaults", "HONOR",
                        "LaunchConfigurations", "EVALUATE",
                        "ExemptionTag", "imdsv2-exempt=true",
                        "ReportUnchanged", "TRUE")));
    }

    @Test
    void onlyConfigFromThisAccountMayInvokeTheAlias() {
        DEFAULTS.resourceCountIs("AWS::Lambda::Permission", 1);

        DEFAULTS.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "Principal", "config.amazonaws.com",
                "FunctionName", ALIAS,
                "SourceAccount", Map.of("Ref", "AWS::AccountId")));
    }

    @Test
    void ruleIsCreatedOnlyAfterConfigMayInvokeTheAlias() {
        Map<String, Map<String, Object>> rules = DEFAULTS.findResources("AWS::Config::ConfigRule");
        String permission = DEFAULTS.findResources("AWS::Lambda::Permission").keySet().iterator().next();

        assertThat(rules.values().iterator().next().get("DependsOn"))
                .asInstanceOf(LIST)
                .contains(permission);
    }

    @Test
    void outputsNameTheAliasTheRuleAndTheQueue() {
        DEFAULTS.hasOutput("RuleFunctionArn", Map.of("Value", ALIAS));
        DEFAULTS.hasOutput("RuleName", Match.anyValue());
        DEFAULTS.hasOutput("FailedInvocationsQueueUrl", Match.anyValue());
    }
}
