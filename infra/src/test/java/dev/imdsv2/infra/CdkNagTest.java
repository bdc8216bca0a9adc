package dev.imdsv2.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

class CdkNagTest {

    static Stream<Arguments> apps() {
        return Stream.of(
                Arguments.of("defaults", Synthesized.Defaults.APP.annotations),
                Arguments.of("every context key set", Synthesized.Tuned.APP.annotations));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void awsSolutionsFindsNoUnsuppressedError(String name, Annotations annotations) {
        assertThat(annotations.findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void awsSolutionsFindsNoUnsuppressedWarning(String name, Annotations annotations) {
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void synthesisLeavesNoWarningOrErrorAtAll(String name, Annotations annotations) {
        assertThat(annotations.findWarning("*", Match.anyValue())).isEmpty();
        assertThat(annotations.findError("*", Match.anyValue())).isEmpty();
    }
}
