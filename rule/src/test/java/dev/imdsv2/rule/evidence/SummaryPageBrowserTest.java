package dev.imdsv2.rule.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary page as a browser sees it: Chromium parses it, and the DOM it
 * built carries the counts, the groups in reading order with their
 * annotations as text, the chart and the controls, with no console message
 * (the page's content security policy would log any fetch it refused).
 */
class SummaryPageBrowserTest {

    private static final Instant EXPORTED = Instant.parse("2026-01-02T12:00:00Z");
    private static final String HOSTILE = "lt-0a1 \"web\", v7: HttpTokens=optional <script>alert('x')</script> & more";

    @TempDir
    Path temp;

    @Test
    void render_whenOpenedInChromium_domShowsCountsGroupsChartAndControlsWithoutConsoleErrors() throws Exception {
        Chromium chromium = Chromium.require();
        Path page = write(SummaryPage.render(evidence(List.of())));

        Chromium.Rendered rendered = chromium.dumpDom(page);

        assertThat(rendered.exitCode()).as(rendered.log()).isZero();
        assertThat(rendered.consoleProblems()).isEmpty();
        String dom = rendered.dom();
        assertThat(count(dom, "NON_COMPLIANT")).isEqualTo("2");
        assertThat(count(dom, "COMPLIANT")).isEqualTo("2");
        assertThat(count(dom, "NOT_APPLICABLE")).isEqualTo("1");
        assertThat(count(dom, "INSUFFICIENT_DATA")).isEqualTo("0");
        assertThat(dom).contains("<th class=\"n\" id=\"total\">5</th>");
        assertThat(groupsInOrder(dom)).containsExactly(
                "NON_COMPLIANT web", "NON_COMPLIANT worker", "COMPLIANT batch", "COMPLIANT api",
                "NOT_APPLICABLE legacy");
        assertThat(dom).contains("lt-0a1 \"web\", v7: HttpTokens=optional &lt;script&gt;alert('x')&lt;/script&gt;"
                + " &amp; more");
        assertThat(dom).doesNotContain("<script");
        assertThat(matches(dom, "<rect ")).isEqualTo(4);
        assertThat(dom).contains("<title id=\"chart-title\">Resources by verdict</title>");
        assertThat(row(dom, "by-account", "111111111111")).contains(
                "data-verdict=\"NON_COMPLIANT\">1<", "data-verdict=\"COMPLIANT\">1<");
        assertThat(row(dom, "by-region", "eu-west-1")).contains("data-verdict=\"NON_COMPLIANT\">1<");
        assertThat(dom).containsPattern("id=\"oldest\"><time>2025-11-01T00:00:00Z</time>, 62 days before the export:"
                + " group <span class=\"id\">legacy</span>");
        assertThat(section(dom, "controls")).contains("AutoScaling.3", "AC-3", "AC-6", "CM-2", "SI-7(12)",
                "CA-9(1)", "2.2.6", "PR.AA-05", "PR.DS-10", "PR.IR-01", "FedRAMP Rev. 5");
        assertThat(dom).doesNotContain("id=\"incomplete\"");
    }

    @Test
    void render_whenExportIncomplete_showsTheFailureAsAnAlert() throws Exception {
        Chromium chromium = Chromium.require();
        ReadFailure failure = new ReadFailure("GetAggregateComplianceDetailsByConfigRule",
                "222222222222/eu-west-1/asg-imdsv2", "AccessDeniedException", "not authorized");
        Path page = write(SummaryPage.render(evidence(List.of(failure))));

        Chromium.Rendered rendered = chromium.dumpDom(page);

        assertThat(rendered.consoleProblems()).isEmpty();
        assertThat(rendered.dom()).containsPattern("<div id=\"incomplete\" class=\"alert\" role=\"alert\">"
                + "<strong>Incomplete export.</strong>[^<]*<ul>\\s*<li>GetAggregateComplianceDetailsByConfigRule"
                + " for 222222222222/eu-west-1/asg-imdsv2 failed: AccessDeniedException: not authorized</li>");
        assertThat(rendered.dom()).contains("This export is incomplete: it has no manifest.json.");
    }

    /** Not a check: leaves a screenshot in target/ for a human to look at, when Chromium is there. */
    @Test
    void render_whenScreenshotted_producesAnImage() throws Exception {
        Chromium chromium = Chromium.require();
        Path page = write(SummaryPage.render(evidence(List.of())));
        Path png = Path.of("target", "evidence-summary.png");
        Files.createDirectories(png.getParent());
        Files.copy(page, Path.of("target", "evidence-summary.html"), StandardCopyOption.REPLACE_EXISTING);

        Chromium.Rendered rendered = chromium.screenshot(page, png, 1280, 2200);

        assertThat(rendered.exitCode()).as(rendered.log()).isZero();
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    private static Evidence evidence(List<ReadFailure> failures) {
        RuleLocation east = new RuleLocation("111111111111", "us-east-1", "asg-imdsv2");
        RuleLocation west = new RuleLocation("222222222222", "eu-west-1", "asg-imdsv2");
        List<EvidenceRecord> records = new ArrayList<>(List.of(
                record(east, "batch", "COMPLIANT", "lt-0b \"batch\", version 3 ($Default): HttpTokens=required",
                        "2026-01-01T10:00:00Z"),
                record(east, "web", "NON_COMPLIANT", HOSTILE, "2026-01-01T11:00:00Z"),
                record(west, "legacy", "NOT_APPLICABLE", "launch configuration \"legacy\"", "2025-11-01T00:00:00Z"),
                record(west, "worker", "NON_COMPLIANT", "template not found: lt-0c", "2026-01-01T12:00:00Z"),
                record(west, "api", "COMPLIANT", "lt-0d \"api\", version 2 (pinned): HttpTokens=required",
                        "2026-01-01T13:00:00Z")));
        RuleDefinition definition = new RuleDefinition("asg-imdsv2",
                "arn:aws:config:us-east-1:111111111111:config-rule/config-rule-q1w2e3",
                "IMDSv2 on Auto Scaling groups", "ACTIVE", "CUSTOM_LAMBDA",
                "arn:aws:lambda:us-east-1:111111111111:function:asg-imdsv2-rule", "{\"VersionToJudge\":\"LATEST\"}",
                List.of("ConfigurationItemChangeNotification", "ScheduledNotification every TwentyFour_Hours"),
                List.of("AWS::AutoScaling::AutoScalingGroup"),
                new RuleDefinition.EvaluationStatus(EXPORTED.minusSeconds(3600), null, EXPORTED.minusSeconds(3590),
                        null, EXPORTED.minusSeconds(86400 * 90), null, null));
        return new Evidence(new EvidenceQuery("asg-imdsv2", "org-aggregator"), "us-east-1", definition,
                List.of(east, west), records, failures, List.of(), EXPORTED, "0.1.0");
    }

    private static EvidenceRecord record(RuleLocation where, String group, String verdict, String annotation,
            String recorded) {
        String arn = "arn:aws:autoscaling:" + where.region() + ":" + where.accountId()
                + ":autoScalingGroup:0b7e2c1a-1111-4222-8333-944455556666:autoScalingGroupName/" + group;
        return EvidenceRecord.of(new RecordedResult(where, "AWS::AutoScaling::AutoScalingGroup", arn, verdict,
                annotation, Instant.parse(recorded), Instant.parse(recorded).minusSeconds(30)), "", "");
    }

    private Path write(String html) throws Exception {
        Path page = temp.resolve("summary.html");
        Files.writeString(page, html);
        return page;
    }

    private static String count(String dom, String verdict) {
        Matcher m = Pattern.compile("<tr class=\"v-" + verdict + "\" data-verdict=\"" + verdict
                + "\"><td class=\"verdict\">" + verdict + "</td><td class=\"n count\">(\\d+)</td></tr>").matcher(dom);
        assertThat(m.find()).as("count row for " + verdict).isTrue();
        return m.group(1);
    }

    private static List<String> groupsInOrder(String dom) {
        Matcher m = Pattern.compile("<tr class=\"v-\\w+\" data-verdict=\"(\\w+)\" data-group=\"([^\"]+)\">")
                .matcher(section(dom, "groups"));
        List<String> groups = new ArrayList<>();
        while (m.find()) {
            groups.add(m.group(1) + " " + m.group(2));
        }
        return groups;
    }

    private static String row(String dom, String table, String key) {
        Matcher m = Pattern.compile("<tr data-key=\"" + Pattern.quote(key) + "\">(.*?)</tr>")
                .matcher(section(dom, table));
        assertThat(m.find()).as(table + " row " + key).isTrue();
        return m.group(1);
    }

    private static String section(String dom, String tableId) {
        int start = dom.indexOf("<table id=\"" + tableId + "\">");
        assertThat(start).as("table #" + tableId).isNotNegative();
        return dom.substring(start, dom.indexOf("</table>", start));
    }

    private static int matches(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }
}
