package dev.imdsv2.rule.evidence;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.config.ConfigClient;
import software.amazon.awssdk.services.config.model.AggregateEvaluationResult;
import software.amazon.awssdk.services.config.model.ComplianceType;
import software.amazon.awssdk.services.config.model.ConfigRule;
import software.amazon.awssdk.services.config.model.ConfigRuleEvaluationStatus;
import software.amazon.awssdk.services.config.model.EvaluationResult;
import software.amazon.awssdk.services.config.model.EvaluationResultQualifier;
import software.amazon.awssdk.services.config.model.NoSuchConfigRuleException;
import software.amazon.awssdk.services.config.model.SourceDetail;

/**
 * {@link RecordedResults} read from AWS Config with the SDK client (its
 * adaptive retries absorb throttling). Each request is logged as an
 * {@link ApiCall} so that the manifest states the exact query.
 */
public final class ConfigRecordedResults implements RecordedResults {

    /** The most {@code GetComplianceDetailsByConfigRule} and its aggregate form return a page. */
    static final int RESULTS_PAGE = 100;
    /** The most {@code DescribeAggregateComplianceByConfigRules} returns a page. */
    static final int RULES_PAGE = 1000;

    private static final List<ComplianceType> EVERY_TYPE = List.of(
            ComplianceType.COMPLIANT, ComplianceType.NON_COMPLIANT,
            ComplianceType.NOT_APPLICABLE, ComplianceType.INSUFFICIENT_DATA);

    private final ConfigClient config;
    private final List<ApiCall> calls = Collections.synchronizedList(new ArrayList<>());

    public ConfigRecordedResults(ConfigClient config) {
        this.config = config;
    }

    @Override
    public String region() {
        return config.serviceClientConfiguration().region().id();
    }

    @Override
    public Optional<RuleDefinition> definition(String ruleName) {
        Optional<ConfigRule> rule = describeRule(ruleName);
        if (rule.isEmpty()) {
            return Optional.empty();
        }
        RuleDefinition.EvaluationStatus status = evaluationStatus(ruleName);
        return Optional.of(toDefinition(rule.get(), status));
    }

    @Override
    public void results(RuleLocation location, Consumer<List<RecordedResult>> page) {
        String operation = "GetComplianceDetailsByConfigRule";
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("ConfigRuleName", location.ruleName());
        parameters.put("ComplianceTypes", EVERY_TYPE.stream().map(ComplianceType::toString).toList());
        parameters.put("Limit", RESULTS_PAGE);
        int pages = 0;
        try {
            var request = config.getComplianceDetailsByConfigRulePaginator(r -> r
                    .configRuleName(location.ruleName())
                    .complianceTypes(EVERY_TYPE)
                    .limit(RESULTS_PAGE));
            for (var response : request) {
                pages++;
                page.accept(response.evaluationResults().stream().map(r -> toResult(location, r)).toList());
            }
        } catch (SdkException e) {
            throw failure(operation, location.label(), e);
        } finally {
            calls.add(new ApiCall(operation, parameters, pages));
        }
    }

    /**
     * Lists the rules the aggregator holds compliance for, without a name
     * filter: the filter matches exact names only, and organization and
     * conformance-pack deployments suffix the name in every member account.
     */
    @Override
    public List<RuleLocation> locations(EvidenceQuery query) {
        String operation = "DescribeAggregateComplianceByConfigRules";
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("ConfigurationAggregatorName", query.aggregator());
        parameters.put("Limit", RULES_PAGE);
        Set<RuleLocation> found = new LinkedHashSet<>();
        int pages = 0;
        try {
            var request = config.describeAggregateComplianceByConfigRulesPaginator(r -> r
                    .configurationAggregatorName(query.aggregator())
                    .limit(RULES_PAGE));
            for (var response : request) {
                pages++;
                for (var rule : response.aggregateComplianceByConfigRules()) {
                    if (query.isDeployedAs(rule.configRuleName())) {
                        found.add(new RuleLocation(rule.accountId(), rule.awsRegion(), rule.configRuleName()));
                    }
                }
            }
        } catch (SdkException e) {
            throw failure(operation, "aggregator " + query.aggregator(), e);
        } finally {
            calls.add(new ApiCall(operation, parameters, pages));
        }
        return found.stream()
                .sorted(Comparator.comparing(RuleLocation::accountId)
                        .thenComparing(RuleLocation::region)
                        .thenComparing(RuleLocation::ruleName))
                .toList();
    }

    /**
     * Reads one location without a compliance-type filter: the aggregate call
     * takes a single type, and filters only on COMPLIANT and NON_COMPLIANT.
     */
    @Override
    public void aggregateResults(String aggregator, RuleLocation location, Consumer<List<RecordedResult>> page) {
        String operation = "GetAggregateComplianceDetailsByConfigRule";
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("ConfigurationAggregatorName", aggregator);
        parameters.put("ConfigRuleName", location.ruleName());
        parameters.put("AccountId", location.accountId());
        parameters.put("AwsRegion", location.region());
        parameters.put("Limit", RESULTS_PAGE);
        int pages = 0;
        try {
            var request = config.getAggregateComplianceDetailsByConfigRulePaginator(r -> r
                    .configurationAggregatorName(aggregator)
                    .configRuleName(location.ruleName())
                    .accountId(location.accountId())
                    .awsRegion(location.region())
                    .limit(RESULTS_PAGE));
            for (var response : request) {
                pages++;
                page.accept(response.aggregateEvaluationResults().stream().map(r -> toResult(location, r)).toList());
            }
        } catch (SdkException e) {
            throw failure(operation, location.label(), e);
        } finally {
            calls.add(new ApiCall(operation, parameters, pages));
        }
    }

    @Override
    public List<ApiCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    private Optional<ConfigRule> describeRule(String ruleName) {
        String operation = "DescribeConfigRules";
        int pages = 0;
        try {
            var response = config.describeConfigRules(r -> r.configRuleNames(ruleName));
            pages++;
            return response.configRules().stream().filter(r -> ruleName.equals(r.configRuleName())).findFirst();
        } catch (NoSuchConfigRuleException e) {
            pages++;
            return Optional.empty();
        } catch (SdkException e) {
            throw failure(operation, "rule " + ruleName, e);
        } finally {
            calls.add(new ApiCall(operation, Map.of("ConfigRuleNames", List.of(ruleName)), pages));
        }
    }

    private RuleDefinition.EvaluationStatus evaluationStatus(String ruleName) {
        String operation = "DescribeConfigRuleEvaluationStatus";
        int pages = 0;
        try {
            var response = config.describeConfigRuleEvaluationStatus(r -> r.configRuleNames(ruleName));
            pages++;
            return response.configRulesEvaluationStatus().stream()
                    .filter(s -> ruleName.equals(s.configRuleName()))
                    .findFirst()
                    .map(ConfigRecordedResults::toStatus)
                    .orElse(null);
        } catch (NoSuchConfigRuleException e) {
            pages++;
            return null;
        } catch (SdkException e) {
            throw failure(operation, "rule " + ruleName, e);
        } finally {
            calls.add(new ApiCall(operation, Map.of("ConfigRuleNames", List.of(ruleName)), pages));
        }
    }

    private static RuleDefinition toDefinition(ConfigRule rule, RuleDefinition.EvaluationStatus status) {
        var source = rule.source();
        List<String> triggers = source == null ? List.of() : source.sourceDetails().stream()
                .map(detail -> trigger(detail, rule.maximumExecutionFrequencyAsString()))
                .toList();
        List<String> types = rule.scope() == null ? List.of() : rule.scope().complianceResourceTypes();
        return new RuleDefinition(
                rule.configRuleName(),
                rule.configRuleArn(),
                rule.description(),
                rule.configRuleStateAsString(),
                source == null ? null : source.ownerAsString(),
                source == null ? null : source.sourceIdentifier(),
                rule.inputParameters() == null ? "" : rule.inputParameters(),
                triggers,
                types,
                status);
    }

    /** A periodic trigger without its own frequency runs at the rule's (or Config's default of 24 hours). */
    private static String trigger(SourceDetail detail, String ruleFrequency) {
        String trigger = detail.messageTypeAsString();
        if ("ScheduledNotification".equals(trigger)) {
            String frequency = detail.maximumExecutionFrequencyAsString() != null
                    ? detail.maximumExecutionFrequencyAsString()
                    : ruleFrequency;
            return trigger + " every " + (frequency == null ? "TwentyFour_Hours" : frequency);
        }
        return trigger;
    }

    private static RuleDefinition.EvaluationStatus toStatus(ConfigRuleEvaluationStatus s) {
        return new RuleDefinition.EvaluationStatus(
                s.lastSuccessfulInvocationTime(),
                s.lastFailedInvocationTime(),
                s.lastSuccessfulEvaluationTime(),
                s.lastFailedEvaluationTime(),
                s.firstActivatedTime(),
                s.lastErrorCode(),
                s.lastErrorMessage());
    }

    private static RecordedResult toResult(RuleLocation location, EvaluationResult result) {
        EvaluationResultQualifier qualifier = result.evaluationResultIdentifier().evaluationResultQualifier();
        return new RecordedResult(location, qualifier.resourceType(), qualifier.resourceId(),
                result.complianceTypeAsString(), result.annotation(),
                result.resultRecordedTime(), result.configRuleInvokedTime());
    }

    /** An aggregate result names its own account and region; they win over the location asked for. */
    private static RecordedResult toResult(RuleLocation location, AggregateEvaluationResult result) {
        EvaluationResultQualifier qualifier = result.evaluationResultIdentifier().evaluationResultQualifier();
        RuleLocation where = new RuleLocation(
                result.accountId() == null ? location.accountId() : result.accountId(),
                result.awsRegion() == null ? location.region() : result.awsRegion(),
                location.ruleName());
        return new RecordedResult(where, qualifier.resourceType(), qualifier.resourceId(),
                result.complianceTypeAsString(), result.annotation(),
                result.resultRecordedTime(), result.configRuleInvokedTime());
    }

    private static EvidenceReadException failure(String operation, String scope, SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return new EvidenceReadException(new ReadFailure(operation, scope,
                    service.awsErrorDetails().errorCode(), service.awsErrorDetails().errorMessage()), e);
        }
        return new EvidenceReadException(
                new ReadFailure(operation, scope, e.getClass().getSimpleName(), e.getMessage()), e);
    }
}
