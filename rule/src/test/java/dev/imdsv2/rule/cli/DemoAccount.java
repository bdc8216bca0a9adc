package dev.imdsv2.rule.cli;

import dev.imdsv2.rule.wire.FakeAws;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo account of {@code test-fixtures/demo-account/} and the verdict
 * its README promises for each group under the default parameters.
 */
final class DemoAccount {

    static final String COMPLIANT = "COMPLIANT";
    static final String NON_COMPLIANT = "NON_COMPLIANT";
    static final String NOT_APPLICABLE = "NOT_APPLICABLE";

    /** Group name to verdict, in the order of the export. */
    static final Map<String, String> VERDICTS = verdicts();

    static final String SUMMARY = "13 groups: 8 NON_COMPLIANT, 4 COMPLIANT, 1 NOT_APPLICABLE";

    private DemoAccount() {
    }

    static Path dir() {
        return FakeAws.fixturesDir().resolve("demo-account");
    }

    /** The same export cut down to its compliant groups. */
    static Path compliantDir() {
        return FakeAws.fixturesDir().resolve("demo-account-compliant");
    }

    /** The default verdicts with some groups changed, as a parameter changes them. */
    static Map<String, String> verdictsWith(Map<String, String> changes) {
        Map<String, String> expected = new LinkedHashMap<>(VERDICTS);
        changes.forEach((group, verdict) -> {
            if (expected.put(group, verdict) == null) {
                throw new IllegalArgumentException("the demo account has no group " + group);
            }
        });
        return expected;
    }

    private static Map<String, String> verdicts() {
        Map<String, String> verdicts = new LinkedHashMap<>();
        verdicts.put("web-frontend", COMPLIANT);
        verdicts.put("orders-api", COMPLIANT);
        verdicts.put("payments-service", COMPLIANT);
        verdicts.put("reporting-legacy", NON_COMPLIANT);
        verdicts.put("batch-workers", NON_COMPLIANT);
        verdicts.put("airgapped-builders", NON_COMPLIANT);
        verdicts.put("analytics-spot", NON_COMPLIANT);
        verdicts.put("ci-runners", COMPLIANT);
        verdicts.put("search-indexer", NON_COMPLIANT);
        verdicts.put("queue-consumers", NON_COMPLIANT);
        verdicts.put("legacy-cron", NOT_APPLICABLE);
        verdicts.put("vendor-appliance", NON_COMPLIANT);
        verdicts.put("internal-tools", NON_COMPLIANT);
        return Collections.unmodifiableMap(verdicts);
    }
}
