package dev.imdsv2.rule.evidence;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything one export read: the query, the rule's definition, the places
 * it looked, one record per resource, and what it failed to read. An export
 * with failures is partial and is never written with a manifest.
 *
 * @param region the region the export ran in (the aggregator's, through an aggregator)
 * @param definition the rule as defined in the exporting account, or null where it is not defined there
 * @param calls the requests sent, for the manifest's exact query
 */
public record Evidence(
        EvidenceQuery query,
        String region,
        RuleDefinition definition,
        List<RuleLocation> locations,
        List<EvidenceRecord> records,
        List<ReadFailure> failures,
        List<ApiCall> calls,
        Instant exportedAt,
        String toolVersion) {

    public Evidence {
        locations = List.copyOf(locations);
        records = records.stream().sorted(EvidenceRecord.READING_ORDER).toList();
        failures = List.copyOf(failures);
        calls = List.copyOf(calls);
    }

    public boolean isComplete() {
        return failures.isEmpty();
    }

    /** Counts by verdict, problems first; a verdict with no records is still listed, as zero. */
    public Map<String, Long> countsByVerdict() {
        Map<String, Long> counts = new TreeMap<>(Comparator.comparingInt(EvidenceRecord::severity)
                .thenComparing(Function.identity()));
        EvidenceRecord.VERDICTS.forEach(v -> counts.put(v, 0L));
        records.forEach(r -> counts.merge(r.verdict(), 1L, Long::sum));
        return counts;
    }

    /** Counts by verdict for each account, accounts in order. */
    public Map<String, Map<String, Long>> countsByAccount() {
        return countsBy(EvidenceRecord::accountId);
    }

    /** Counts by verdict for each region, regions in order. */
    public Map<String, Map<String, Long>> countsByRegion() {
        return countsBy(EvidenceRecord::region);
    }

    /** The record whose result Config recorded longest ago: how stale the evidence can be. */
    public Optional<EvidenceRecord> oldest() {
        return records.stream()
                .filter(r -> r.resultRecordedTime() != null)
                .min(Comparator.comparing(EvidenceRecord::resultRecordedTime));
    }

    private Map<String, Map<String, Long>> countsBy(Function<EvidenceRecord, String> key) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (EvidenceRecord record : records) {
            counts.computeIfAbsent(key.apply(record), k -> new TreeMap<>()).merge(record.verdict(), 1L, Long::sum);
        }
        return counts;
    }
}
