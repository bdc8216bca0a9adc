package dev.imdsv2.rule.evidence;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code summary.html}: the export on one page an auditor can open anywhere,
 * offline, and file. Everything is inline (CSS, an SVG chart) and a content
 * security policy forbids every fetch, so the page shows the same on an
 * air-gapped laptop as here and cannot leak that it was opened. There is no
 * script: the page is data, and a browser renders it as written.
 *
 * <p>Elements carry {@code id} and {@code data-*} attributes (counts, verdicts)
 * so that a test, or an auditor's script, can read the figures from the DOM.
 */
public final class SummaryPage {

    private static final Map<String, String> COLOURS = Map.of(
            "NON_COMPLIANT", "#b3261e",
            "INSUFFICIENT_DATA", "#9a5b00",
            "COMPLIANT", "#1e7b34",
            "NOT_APPLICABLE", "#5f6670");
    private static final String OTHER_COLOUR = "#3d4f7a";

    private static final int CHART_WIDTH = 640;
    private static final int CHART_LABEL = 170;
    private static final int CHART_BAR = 26;
    private static final int CHART_GAP = 10;

    private static final String STYLE = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1d21;
            margin:0 auto;max-width:1100px;padding:24px}
            h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.15em;margin:28px 0 8px;
            border-bottom:1px solid #d8dbe0;padding-bottom:4px}
            .meta{color:#4a4f57;margin:0}
            table{border-collapse:collapse;width:100%;margin:6px 0}
            th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6e8eb;vertical-align:top}
            td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
            code,.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;
            overflow-wrap:break-word}
            .verdict{font-weight:600;white-space:nowrap}
            .v-NON_COMPLIANT .verdict{color:#b3261e}.v-COMPLIANT .verdict{color:#1e7b34}
            .v-INSUFFICIENT_DATA .verdict{color:#9a5b00}.v-NOT_APPLICABLE .verdict{color:#5f6670}
            tr.v-NON_COMPLIANT{background:#fdf3f2}
            .alert{border:2px solid #b3261e;background:#fdf3f2;padding:10px 14px;margin:16px 0}
            .grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px}
            .nowrap{white-space:nowrap}thead th{font-size:.85em}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:6px 0}
            dt{color:#4a4f57}dd{margin:0}
            footer{margin-top:32px;color:#4a4f57;font-size:.9em}
            @media print{body{max-width:none;padding:0}tr{break-inside:avoid}}
            """;

    private SummaryPage() {
    }

    /** The page for this evidence. */
    public static String render(Evidence evidence) {
        StringBuilder html = new StringBuilder(16_384 + evidence.records().size() * 400);
        head(html, evidence);
        if (!evidence.isComplete()) {
            incomplete(html, evidence.failures());
        }
        verdicts(html, evidence);
        breakdowns(html, evidence);
        oldest(html, evidence);
        groups(html, evidence.records());
        rule(html, evidence);
        controls(html);
        footer(html, evidence);
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private static void head(StringBuilder html, Evidence evidence) {
        String rule = evidence.query().ruleName();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';")
                .append(" style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n")
                .append("<title>IMDSv2 evidence: ").append(esc(rule)).append("</title>\n")
                .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>IMDSv2 on Auto Scaling groups: evidence from AWS Config</h1>\n")
                .append("<p class=\"meta\">Rule <code id=\"rule-name\">").append(esc(rule)).append("</code>, ")
                .append(evidence.query().isAggregate()
                        ? "every account and region of aggregator <code id=\"aggregator\">"
                                + esc(evidence.query().aggregator()) + "</code> (read in "
                                + esc(evidence.region()) + ")"
                        : "account " + esc(accountOf(evidence)) + ", region " + esc(evidence.region()))
                .append(".</p>\n<p class=\"meta\">Exported <time id=\"exported-at\">")
                .append(esc(evidence.exportedAt().toString())).append("</time> by asg-imdsv2-rule ")
                .append(esc(evidence.toolVersion())).append(".</p>\n");
    }

    private static void incomplete(StringBuilder html, List<ReadFailure> failures) {
        html.append("<div id=\"incomplete\" class=\"alert\" role=\"alert\"><strong>Incomplete export.</strong> ")
                .append("These reads failed, so the figures below leave out what they would have returned; ")
                .append("this export has no manifest and is not evidence of completeness.<ul>\n");
        failures.forEach(f -> html.append("<li>").append(esc(f.toString())).append("</li>\n"));
        html.append("</ul></div>\n");
    }

    private static void verdicts(StringBuilder html, Evidence evidence) {
        Map<String, Long> counts = evidence.countsByVerdict();
        html.append("<h2>Verdicts</h2>\n<div class=\"grid\">\n<table id=\"verdicts\">\n")
                .append("<thead><tr><th>Verdict</th><th class=\"n\">Resources</th></tr></thead>\n<tbody>\n");
        counts.forEach((verdict, count) -> html.append("<tr class=\"v-").append(esc(verdict))
                .append("\" data-verdict=\"").append(esc(verdict)).append("\"><td class=\"verdict\">")
                .append(esc(verdict)).append("</td><td class=\"n count\">").append(count).append("</td></tr>\n"));
        html.append("</tbody>\n<tfoot><tr><th>Total</th><th class=\"n\" id=\"total\">")
                .append(evidence.records().size()).append("</th></tr></tfoot>\n</table>\n");
        chart(html, counts);
        html.append("</div>\n");
    }

    /** A horizontal bar per verdict, scaled to the largest count, with the count written beside each bar. */
    private static void chart(StringBuilder html, Map<String, Long> counts) {
        long max = Math.max(1, counts.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int height = counts.size() * (CHART_BAR + CHART_GAP) + CHART_GAP;
        int room = CHART_WIDTH - CHART_LABEL - 60;
        html.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(CHART_WIDTH).append(' ').append(height)
                .append("\" width=\"100%\" aria-labelledby=\"chart-title\">")
                .append("<title id=\"chart-title\">Resources by verdict</title>\n");
        int y = CHART_GAP;
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            long width = Math.round((double) entry.getValue() / max * room);
            int middle = y + CHART_BAR / 2 + 5;
            html.append("<g data-verdict=\"").append(esc(entry.getKey())).append("\">")
                    .append("<text x=\"").append(CHART_LABEL - 8).append("\" y=\"").append(middle)
                    .append("\" text-anchor=\"end\" font-size=\"13\">").append(esc(entry.getKey())).append("</text>")
                    .append("<rect x=\"").append(CHART_LABEL).append("\" y=\"").append(y)
                    .append("\" width=\"").append(width).append("\" height=\"").append(CHART_BAR)
                    .append("\" fill=\"").append(COLOURS.getOrDefault(entry.getKey(), OTHER_COLOUR)).append("\"/>")
                    .append("<text x=\"").append(CHART_LABEL + width + 6).append("\" y=\"").append(middle)
                    .append("\" font-size=\"13\">").append(entry.getValue()).append("</text></g>\n");
            y += CHART_BAR + CHART_GAP;
        }
        html.append("</svg>\n");
    }

    private static void breakdowns(StringBuilder html, Evidence evidence) {
        List<String> verdicts = List.copyOf(evidence.countsByVerdict().keySet());
        html.append("<div class=\"grid\">\n<div>\n<h2>By account</h2>\n");
        breakdown(html, "by-account", "Account", verdicts, evidence.countsByAccount());
        html.append("</div>\n<div>\n<h2>By region</h2>\n");
        breakdown(html, "by-region", "Region", verdicts, evidence.countsByRegion());
        html.append("</div>\n</div>\n");
    }

    private static void breakdown(StringBuilder html, String id, String label, List<String> verdicts,
            Map<String, Map<String, Long>> counts) {
        html.append("<table id=\"").append(id).append("\">\n<thead><tr><th>").append(label).append("</th>");
        verdicts.forEach(v -> html.append("<th class=\"n\">").append(esc(v.replace('_', ' '))).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        if (counts.isEmpty()) {
            html.append("<tr><td colspan=\"").append(verdicts.size() + 1).append("\">none</td></tr>\n");
        }
        counts.forEach((key, byVerdict) -> {
            html.append("<tr data-key=\"").append(esc(key)).append("\"><td class=\"nowrap\">")
                    .append(esc(key)).append("</td>");
            verdicts.forEach(v -> html.append("<td class=\"n\" data-verdict=\"").append(esc(v)).append("\">")
                    .append(byVerdict.getOrDefault(v, 0L)).append("</td>"));
            html.append("</tr>\n");
        });
        html.append("</tbody>\n</table>\n");
    }

    private static void oldest(StringBuilder html, Evidence evidence) {
        html.append("<h2>Oldest result</h2>\n<p id=\"oldest\">");
        evidence.oldest().ifPresentOrElse(
                r -> html.append("<time>").append(esc(r.resultRecordedTime().toString())).append("</time>, ")
                        .append(age(r.resultRecordedTime(), evidence.exportedAt())).append(" before the export: ")
                        .append("group <span class=\"id\">").append(esc(r.groupName())).append("</span> in ")
                        .append(esc(r.accountId())).append(' ').append(esc(r.region())).append(" (")
                        .append(esc(r.verdict())).append("). No result in this export is older."),
                () -> html.append("No results recorded."));
        html.append("</p>\n");
    }

    /** Non-compliant groups first, each with the rule's annotation: what an auditor reads first. */
    private static void groups(StringBuilder html, List<EvidenceRecord> records) {
        long nonCompliant = records.stream().filter(EvidenceRecord::isNonCompliant).count();
        html.append("<h2>Groups</h2>\n<p>").append(nonCompliant)
                .append(nonCompliant == 1 ? " group is" : " groups are")
                .append(" non-compliant; they are listed first.</p>\n<table id=\"groups\">\n<thead><tr>")
                .append("<th>Verdict</th><th>Group</th><th>Account</th><th>Region</th><th>Annotation</th>")
                .append("<th>Recorded</th></tr></thead>\n<tbody>\n");
        if (records.isEmpty()) {
            html.append("<tr><td colspan=\"6\">Config holds no results for this rule.</td></tr>\n");
        }
        for (EvidenceRecord r : records) {
            html.append("<tr class=\"v-").append(esc(r.verdict()))
                    .append("\" data-verdict=\"").append(esc(r.verdict()))
                    .append("\" data-group=\"").append(esc(r.groupName())).append("\">")
                    .append("<td class=\"verdict\">").append(esc(r.verdict())).append("</td>")
                    .append("<td class=\"id\" title=\"").append(esc(r.resourceId())).append("\">")
                    .append(esc(r.groupName())).append("</td>")
                    .append("<td class=\"nowrap\">").append(esc(r.accountId())).append("</td>")
                    .append("<td class=\"nowrap\">").append(esc(r.region())).append("</td>")
                    .append("<td class=\"annotation\">").append(esc(r.annotation())).append("</td>")
                    .append("<td class=\"nowrap\">").append(Objects.toString(r.resultRecordedTime(), ""))
                    .append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void rule(StringBuilder html, Evidence evidence) {
        html.append("<h2>The rule</h2>\n");
        RuleDefinition d = evidence.definition();
        if (d == null) {
            html.append("<p id=\"rule\">No rule named <code>").append(esc(evidence.query().ruleName()))
                    .append("</code> is defined in the exporting account and region; the parameters in force in")
                    .append(" member accounts are not part of this export.</p>\n");
            return;
        }
        html.append("<dl id=\"rule\">\n");
        item(html, "Name", d.name());
        item(html, "ARN", d.arn());
        item(html, "State", d.state());
        item(html, "Source", d.owner() + " " + d.sourceIdentifier());
        item(html, "Parameters", d.inputParameters().isEmpty() ? "none (defaults)" : d.inputParameters());
        item(html, "Triggers", String.join("; ", d.triggers()));
        item(html, "Resource types", String.join(", ", d.resourceTypes()));
        RuleDefinition.EvaluationStatus s = d.status();
        if (s != null) {
            item(html, "Last successful evaluation", time(s.lastSuccessfulEvaluation()));
            item(html, "Last failed evaluation", time(s.lastFailedEvaluation()));
            item(html, "Last error", s.lastErrorCode() == null ? "none"
                    : s.lastErrorCode() + ": " + s.lastErrorMessage());
            item(html, "First activated", time(s.firstActivated()));
        }
        html.append("</dl>\n");
    }

    private static void controls(StringBuilder html) {
        html.append("<h2>Controls this finding supports</h2>\n<table id=\"controls\">\n")
                .append("<thead><tr><th>Framework</th><th>Control</th><th>Title</th></tr></thead>\n<tbody>\n");
        for (Control c : Control.MAPPED) {
            html.append("<tr><td>").append(esc(c.framework())).append("</td><td class=\"id\">").append(esc(c.id()))
                    .append("</td><td>").append(esc(c.title())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
    }

    private static void footer(StringBuilder html, Evidence evidence) {
        html.append("<footer>").append(evidence.isComplete()
                ? "The SHA-256 of this page and of evidence.csv and evidence.json is in manifest.json, "
                        + "with the exact query; recompute them to check that nothing was changed."
                : "This export is incomplete: it has no manifest.json.")
                .append("</footer>\n");
    }

    private static void item(StringBuilder html, String term, String value) {
        html.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value == null ? "" : value))
                .append("</dd>\n");
    }

    private static String accountOf(Evidence evidence) {
        return evidence.locations().isEmpty() ? "" : evidence.locations().getFirst().accountId();
    }

    private static String time(Instant instant) {
        return instant == null ? "never" : instant.toString();
    }

    private static String age(Instant then, Instant now) {
        Duration age = Duration.between(then, now);
        if (age.toDays() >= 2) {
            return age.toDays() + " days";
        }
        if (age.toHours() >= 2) {
            return age.toHours() + " hours";
        }
        return Math.max(0, age.toMinutes()) + " minutes";
    }

    /** Escapes text for an element's content or a quoted attribute. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
