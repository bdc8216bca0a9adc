package dev.imdsv2.rule.evidence;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What Config holds about a rule, read-only: its definition, where it
 * recorded results, and the results themselves, page by page so that a long
 * export can show progress. Every method throws {@link EvidenceReadException}
 * when a read fails after the SDK's retries.
 */
public interface RecordedResults {

    /** The region the reads go to (the SDK's resolved region). */
    String region();

    /** The rule as defined in the exporting account and region; empty when no rule has that name there. */
    Optional<RuleDefinition> definition(String ruleName);

    /** Every result of the rule in the exporting account and region, every compliance type, all pages. */
    void results(RuleLocation location, Consumer<List<RecordedResult>> page);

    /** The accounts and regions where the aggregator holds results of the query's rule, under any deployed name. */
    List<RuleLocation> locations(EvidenceQuery query);

    /** Every result the aggregator holds for the rule at one location, all pages. */
    void aggregateResults(String aggregator, RuleLocation location, Consumer<List<RecordedResult>> page);

    /** The requests sent so far, for the manifest. */
    List<ApiCall> calls();
}
