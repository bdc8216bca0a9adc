package dev.imdsv2.rule.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** A template reference's version, read as Auto Scaling writes it. */
class VersionSpecTest {

    @Test
    void parse_whenLatest_isLatest() {
        VersionSpec version = VersionSpec.parse("$Latest");

        assertThat(version).isEqualTo(VersionSpec.LATEST);
        assertThat(version).hasToString("$Latest");
    }

    @Test
    void parse_whenDefault_isDefault() {
        VersionSpec version = VersionSpec.parse("$Default");

        assertThat(version).isEqualTo(VersionSpec.DEFAULT);
        assertThat(version).hasToString("$Default");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void parse_whenAbsent_isDefaultAsAutoScalingTreatsIt(String raw) {
        VersionSpec version = VersionSpec.parse(raw);

        assertThat(version).isEqualTo(VersionSpec.DEFAULT);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "7, 7", "0042, 42", "999999999999999999, 999999999999999999"})
    void parse_whenNumber_isPinnedToIt(String raw, long number) {
        VersionSpec version = VersionSpec.parse(raw);

        assertThat(version).isEqualTo(new VersionSpec.Pinned(number));
        assertThat(version).hasToString(Long.toString(number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$latest", "latest", "Latest", "$DEFAULT", "default", " 3", "3 ", "-1", "+1", "1.5",
            "v2", "1000000000000000000", "$Latest "})
    void parse_whenNeitherKeywordNorNumber_isRefusedNamingTheValue(String raw) {
        assertThatThrownBy(() -> VersionSpec.parse(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a launch template version must be $Latest, $Default or a number; got '" + raw + "'");
    }

    @Test
    void parse_whenZero_isRefused() {
        assertThatThrownBy(() -> VersionSpec.parse("0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a launch template version number must be 1 or more; got 0");
    }

    @Test
    void pinned_whenNegative_isRefused() {
        assertThatThrownBy(() -> new VersionSpec.Pinned(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -3");
    }

    @Test
    void launchTemplateRef_whenVersionMissing_launchesFromDefault() {
        LaunchTemplateRef ref = new LaunchTemplateRef("lt-0123456789abcdef0", null, null);

        assertThat(ref.version()).isEqualTo(VersionSpec.DEFAULT);
    }
}
