package dev.imdsv2.rule.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvWriterTest {

    private static final String ARN = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "0b7e2c1a-1111-4222-8333-944455556666:autoScalingGroupName/web";

    @Test
    void write_whenAnnotationHoldsCommasQuotesAndLineBreaks_parsesBackToTheSameFields() {
        String annotation = "lt-0a1 \"web\", version 7 ($Latest): HttpTokens=optional,\r\nand \"\"1\"\" more";
        String parameters = "{\"VersionToJudge\":\"LATEST\",\"ExemptionTag\":\"a,b\"}";
        EvidenceRecord record = new EvidenceRecord("123456789012", "us-east-1", "AWS::AutoScaling::AutoScalingGroup",
                ARN, "web", "NON_COMPLIANT", annotation, Instant.parse("2026-01-01T00:01:40Z"), null,
                "asg-imdsv2", "arn:aws:config:us-east-1:123456789012:config-rule/config-rule-q1w2e3", parameters);

        List<List<String>> rows = Rfc4180.parse(CsvWriter.write(List.of(record)));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEqualTo(CsvWriter.HEADER);
        assertThat(rows.get(1)).containsExactly("123456789012", "us-east-1", "AWS::AutoScaling::AutoScalingGroup",
                ARN, "web", "NON_COMPLIANT", annotation, "2026-01-01T00:01:40Z", "",
                "asg-imdsv2", "arn:aws:config:us-east-1:123456789012:config-rule/config-rule-q1w2e3", parameters);
    }

    @Test
    void write_whenNoRecords_writesTheHeaderAlone() {
        assertThat(CsvWriter.write(List.of())).isEqualTo(String.join(",", CsvWriter.HEADER) + "\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "plain text|plain text",
            "a,b|\"a,b\"",
            "say \"hi\"|\"say \"\"hi\"\"\"",
            "''|''"})
    void field_whenValueNeedsQuoting_quotesOnlyThen(String value, String expected) {
        assertThat(CsvWriter.field(value == null ? "" : value)).isEqualTo(expected == null ? "" : expected);
    }
}
