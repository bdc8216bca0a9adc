package dev.imdsv2.rule.evidence;

import java.time.Instant;
import java.util.List;

/**
 * {@code evidence.csv} as RFC 4180 describes it: a header row, CRLF line
 * ends, and a field quoted when it holds a comma, a quote or a line break,
 * inner quotes doubled. Annotations carry commas and quotes, and spreadsheet
 * tools and auditors' scripts read this file, so nothing else is assumed.
 *
 * <p>Values are written as recorded, never altered to defuse spreadsheet
 * formulas: the file is evidence, and every value comes from Config.
 */
public final class CsvWriter {

    public static final List<String> HEADER = List.of(
            "account_id", "region", "resource_type", "resource_id", "group_name", "verdict", "annotation",
            "result_recorded_time", "config_rule_invoked_time", "rule_name", "rule_arn", "parameters");

    private static final String CRLF = "\r\n";

    private CsvWriter() {
    }

    /** The whole file for these records, in their order. */
    public static String write(List<EvidenceRecord> records) {
        StringBuilder csv = new StringBuilder();
        row(csv, HEADER);
        for (EvidenceRecord r : records) {
            row(csv, List.of(r.accountId(), r.region(), r.resourceType(), r.resourceId(), r.groupName(),
                    r.verdict(), r.annotation(), time(r.resultRecordedTime()), time(r.configRuleInvokedTime()),
                    r.ruleName(), r.ruleArn(), r.parameters()));
        }
        return csv.toString();
    }

    /** One field, quoted where RFC 4180 requires it. */
    static String field(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static void row(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(field(fields.get(i)));
        }
        csv.append(CRLF);
    }

    private static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }
}
