package dev.imdsv2.rule.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what {@code scan} prints back into group-to-verdict maps, one reader
 * per format, so that tests compare verdicts rather than layout.
 */
final class ScanOutput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TABLE_ROW = Pattern.compile(
            "^(\\S+)\\s+(COMPLIANT|NON_COMPLIANT|NOT_APPLICABLE|UNDECIDED)\\s+(.*)$");

    private ScanOutput() {
    }

    /** Group to verdict from the table; continuation lines of a wrapped reason are skipped. */
    static Map<String, String> tableVerdicts(String table) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (String line : table.lines().toList()) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.matches()) {
                verdicts.put(row.group(1), row.group(2));
            }
        }
        return verdicts;
    }

    /** Group to its reason in the table, wrapped lines joined with a space. */
    static Map<String, String> tableReasons(String table) {
        Map<String, String> reasons = new LinkedHashMap<>();
        String current = null;
        int whyColumn = table.lines().findFirst().orElseThrow().indexOf("WHY");
        for (String line : table.lines().skip(1).toList()) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.matches()) {
                current = row.group(1);
                reasons.put(current, line.substring(whyColumn));
            } else if (current != null && line.isBlank()) {
                current = null;
            } else if (current != null) {
                reasons.merge(current, line.substring(whyColumn), (a, b) -> a + " " + b);
            }
        }
        return reasons;
    }

    /** The table's last line, which counts the groups by verdict. */
    static String summary(String table) {
        List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
        return lines.getLast();
    }

    /** Group to verdict from {@code --format json}. */
    static Map<String, String> jsonVerdicts(String json) {
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (JsonNode row : readJson(json)) {
            verdicts.put(row.get("group").asText(), row.get("compliance").asText());
        }
        return verdicts;
    }

    static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("scan printed no JSON: " + json, e);
        }
    }

    /** Group to verdict from {@code --format csv}, after checking its header. */
    static Map<String, String> csvVerdicts(String csv) {
        List<List<String>> records = csvRecords(csv);
        if (!records.getFirst().equals(List.of("group", "arn", "compliance", "annotation"))) {
            throw new IllegalStateException("unexpected CSV header " + records.getFirst());
        }
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (List<String> record : records.subList(1, records.size())) {
            if (record.size() != 4) {
                throw new IllegalStateException("a CSV record has " + record.size() + " fields: " + record);
            }
            verdicts.put(record.get(0), record.get(2));
        }
        return verdicts;
    }

    /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
    static List<List<String>> csvRecords(String csv) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty() || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
