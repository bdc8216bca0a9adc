package dev.imdsv2.rule.evidence;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one export's worth of evidence from {@link RecordedResults}: the
 * rule's definition, then its results in the exporting account, or at every
 * location an aggregator holds. A location that cannot be read is recorded as
 * a {@link ReadFailure} and the others are still read, so that one report
 * names every gap; what cannot be started at all (no such rule, no
 * aggregator) is thrown.
 */
public final class EvidenceReader {

    private final RecordedResults config;
    private final Progress progress;
    private final Clock clock;
    private final String toolVersion;

    public EvidenceReader(RecordedResults config, Progress progress, Clock clock, String toolVersion) {
        this.config = config;
        this.progress = progress;
        this.clock = clock;
        this.toolVersion = toolVersion;
    }

    /**
     * @throws EvidenceReadException when the rule does not exist in the exporting account (single-account
     *     export), or the aggregator's rules cannot be listed
     */
    public Evidence read(EvidenceQuery query) {
        return query.isAggregate() ? readAggregate(query) : readAccount(query);
    }

    private Evidence readAccount(EvidenceQuery query) {
        progress.report("reading rule " + query.ruleName() + " in " + config.region());
        RuleDefinition definition = config.definition(query.ruleName())
                .orElseThrow(() -> new EvidenceReadException(new ReadFailure("DescribeConfigRules",
                        "rule " + query.ruleName(), "NoSuchConfigRuleException",
                        "no Config rule named '" + query.ruleName() + "' in " + config.region()), null));
        String region = definition.region().isEmpty() ? config.region() : definition.region();
        RuleLocation location = new RuleLocation(definition.accountId(), region, query.ruleName());

        List<EvidenceRecord> records = new ArrayList<>();
        List<ReadFailure> failures = new ArrayList<>();
        readLocation(location, 1, 1, records, failures,
                page -> config.results(location, page), definition);
        return finish(query, definition, List.of(location), records, failures);
    }

    private Evidence readAggregate(EvidenceQuery query) {
        progress.report("reading rule " + query.ruleName() + " through aggregator " + query.aggregator()
                + " in " + config.region());
        List<ReadFailure> failures = new ArrayList<>();
        RuleDefinition definition = null;
        try {
            definition = config.definition(query.ruleName()).orElse(null);
        } catch (EvidenceReadException e) {
            failures.add(e.failure());
        }
        List<RuleLocation> locations = config.locations(query);
        progress.report(locations.size() + " account-region(s) hold results of " + query.ruleName());

        List<EvidenceRecord> records = new ArrayList<>();
        for (int i = 0; i < locations.size(); i++) {
            RuleLocation location = locations.get(i);
            readLocation(location, i + 1, locations.size(), records, failures,
                    page -> config.aggregateResults(query.aggregator(), location, page), definition);
        }
        return finish(query, definition, locations, records, failures);
    }

    /** Reads one location's pages, reporting each; a failure is kept and the location's partial pages too. */
    private void readLocation(RuleLocation location, int index, int of, List<EvidenceRecord> records,
            List<ReadFailure> failures, Reading reading, RuleDefinition definition) {
        Optional<RuleDefinition> known = Optional.ofNullable(definition).filter(d -> definesRuleAt(d, location));
        String arn = known.map(RuleDefinition::arn).orElse("");
        String parameters = known.map(RuleDefinition::inputParameters).orElse("");
        int[] here = {0};
        try {
            reading.read(page -> {
                page.forEach(result -> records.add(EvidenceRecord.of(result, arn, parameters)));
                here[0] += page.size();
                progress.report("[" + index + "/" + of + "] " + location.label() + ": " + here[0]
                        + " result(s); " + records.size() + " read in all");
            });
        } catch (EvidenceReadException e) {
            failures.add(e.failure());
            progress.report("[" + index + "/" + of + "] " + location.label() + ": FAILED: " + e.failure());
        }
    }

    /**
     * Whether the definition read in the exporting account is the rule at
     * this location: parameters are only claimed where they are known to be in force.
     */
    private static boolean definesRuleAt(RuleDefinition definition, RuleLocation location) {
        return definition.name().equals(location.ruleName())
                && definition.accountId().equals(location.accountId())
                && definition.region().equals(location.region());
    }

    private Evidence finish(EvidenceQuery query, RuleDefinition definition, List<RuleLocation> locations,
            List<EvidenceRecord> records, List<ReadFailure> failures) {
        return new Evidence(query, config.region(), definition, locations, records, failures,
                config.calls(), clock.instant(), toolVersion);
    }

    @FunctionalInterface
    private interface Reading {
        void read(java.util.function.Consumer<List<RecordedResult>> page);
    }
}
