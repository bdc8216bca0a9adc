package dev.imdsv2.rule.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvidenceQueryTest {

    @ParameterizedTest
    @CsvSource({
            "asg-imdsv2, true",
            "OrgConfigRule-asg-imdsv2-k3j4h5, true",
            "asg-imdsv2-conformance-pack-p9o8i7u6, true",
            "orgconfigrule-ASG-IMDSV2-k3j4h5, true",
            "asg-imdsv2-legacy, false",
            "OrgConfigRule-asg-imdsv2legacy-k3j4h5, false",
            "my-asg-imdsv2, false",
            "restricted-ssh, false"})
    void isDeployedAs_whenNameSeenThroughAggregator_matchesOnlyTheRulesDeployments(String name, boolean expected) {
        assertThat(new EvidenceQuery("asg-imdsv2", "org").isDeployedAs(name)).isEqualTo(expected);
    }

    @Test
    void new_whenRuleBlank_namesTheOption() {
        assertThatThrownBy(() -> new EvidenceQuery(" ", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rule");
    }

    @Test
    void groupName_whenResourceIdIsAnArn_isTheNameAfterTheMarker() {
        assertThat(EvidenceRecord.groupName("arn:aws:autoscaling:eu-west-1:111111111111:autoScalingGroup:"
                + "0b7e2c1a-1111-4222-8333-944455556666:autoScalingGroupName/shop/web")).isEqualTo("shop/web");
        assertThat(EvidenceRecord.groupName("plain-name")).isEqualTo("plain-name");
    }
}
