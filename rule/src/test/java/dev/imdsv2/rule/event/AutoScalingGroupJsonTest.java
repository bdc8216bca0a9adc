package dev.imdsv2.rule.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.decision.AutoScalingGroup;
import dev.imdsv2.rule.decision.LaunchSource;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.VersionSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which template versions a group launches from, read from a Config item's
 * camelCase configuration and from the AWS CLI's PascalCase output alike.
 */
class AutoScalingGroupJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventParser PARSER = new EventParser(MAPPER);

    private static final String WEB_ASG = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "5f1c2a9e-7b3d-4c1e-9a0f-1d2e3f4a5b6c:autoScalingGroupName/web-asg";
    private static final String BATCH_ASG = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:"
            + "8e2d4b6a-1c3f-4e5a-8b7c-9d0e1f2a3b4c:autoScalingGroupName/batch-asg";

    @Test
    void parse_whenGroupHasDirectTemplate_refersToItAtItsVersion() {
        ConfigurationItem item = changedItem("group-change-direct.json");

        AutoScalingGroup group = AutoScalingGroupJson.parse(item.configuration(), item.resourceId(), item.tags());

        assertThat(group.name()).isEqualTo("web-asg");
        assertThat(group.arn()).isEqualTo(WEB_ASG);
        assertThat(group.source()).isEqualTo(new LaunchSource.Templates(List.of(
                new LaunchTemplateRef("lt-0123456789abcdef0", "web-template", VersionSpec.LATEST))));
        assertThat(group.tags()).isEqualTo(Map.of("team", "storefront", "env", "prod"));
    }

    @Test
    void parse_whenGroupHasMixedInstances_refersToBaseThenEachOverrideWithATemplate() {
        ConfigurationItem item = changedItem("group-change-mixed.json");

        AutoScalingGroup group = AutoScalingGroupJson.parse(item.configuration(), item.resourceId(), item.tags());

        assertThat(group.arn()).isEqualTo(BATCH_ASG);
        assertThat(refs(group)).containsExactly(
                new LaunchTemplateRef("lt-0123456789abcdef1", "batch-template", VersionSpec.DEFAULT),
                new LaunchTemplateRef("lt-0123456789abcdef2", "batch-arm-template", new VersionSpec.Pinned(3)),
                new LaunchTemplateRef(null, "batch-gpu-template", VersionSpec.LATEST));
    }

    @Test
    void parse_whenGroupComesFromTheAwsCli_readsAsTheConfigItemDoes() {
        ConfigurationItem item = changedItem("group-change-mixed.json");
        JsonNode cli = read("cli-describe-auto-scaling-groups-batch.json").path("AutoScalingGroups").get(0);

        AutoScalingGroup fromCli = AutoScalingGroupJson.parse(cli, null, Map.of());
        AutoScalingGroup fromConfig = AutoScalingGroupJson.parse(item.configuration(), null, Map.of());

        assertThat(fromCli).isEqualTo(fromConfig);
        assertThat(fromCli.arn()).isEqualTo(BATCH_ASG);
        assertThat(fromCli.tags()).isEqualTo(Map.of("team", "data"));
    }

    @Test
    void parse_whenArnIsGiven_usesItAsTheResourceId() {
        JsonNode configuration = json("{'autoScalingGroupName':'web-asg','launchConfigurationName':'web-lc'}");

        AutoScalingGroup group = AutoScalingGroupJson.parse(configuration, WEB_ASG, Map.of());

        assertThat(group.arn()).isEqualTo(WEB_ASG);
        assertThat(group.source()).isEqualTo(new LaunchSource.LaunchConfiguration("web-lc"));
    }

    @Test
    void parse_whenConfigurationTagsRepeatItemTags_configurationWins() {
        JsonNode configuration = json("""
                {'autoScalingGroupName':'web-asg','launchConfigurationName':'web-lc',
                 'tags':[{'key':'env','value':'prod','propagateAtLaunch':true}]}""");

        AutoScalingGroup group = AutoScalingGroupJson.parse(configuration, WEB_ASG,
                Map.of("env", "stale", "team", "storefront"));

        assertThat(group.tags()).isEqualTo(Map.of("env", "prod", "team", "storefront"));
    }

    @Test
    void parse_whenGroupNamesNoLaunchSource_isRefusedNamingTheGroup() {
        JsonNode configuration = json("{'autoScalingGroupName':'web-asg','launchTemplate':null,"
                + "'mixedInstancesPolicy':null,'launchConfigurationName':null}");

        assertThatThrownBy(() -> AutoScalingGroupJson.parse(configuration, WEB_ASG, Map.of()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("group " + WEB_ASG + " names neither 'launchTemplate',"
                        + " 'mixedInstancesPolicy.launchTemplate' nor 'launchConfigurationName'");
    }

    @Test
    void parse_whenOverrideVersionIsNotAVersion_isRefusedNamingTheFieldAndValue() {
        JsonNode configuration = json("""
                {'autoScalingGroupName':'batch-asg','mixedInstancesPolicy':{'launchTemplate':{
                  'launchTemplateSpecification':{'launchTemplateId':'lt-0123456789abcdef1','version':'$Default'},
                  'overrides':[{'instanceType':'m5.large'},
                               {'launchTemplateSpecification':{'launchTemplateId':'lt-0123456789abcdef2',
                                                               'version':'latest'}}]}}}""");

        assertThatThrownBy(() -> AutoScalingGroupJson.parse(configuration, BATCH_ASG, Map.of()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("group " + BATCH_ASG + " field"
                        + " 'mixedInstancesPolicy.launchTemplate.overrides[1].launchTemplateSpecification':"
                        + " a launch template version must be $Latest, $Default or a number; got 'latest'");
    }

    @Test
    void parse_whenNoArnAnywhere_isRefusedNamingTheGroup() {
        JsonNode configuration = json("{'autoScalingGroupName':'web-asg','launchConfigurationName':'web-lc'}");

        assertThatThrownBy(() -> AutoScalingGroupJson.parse(configuration, null, Map.of()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("group configuration has no 'autoScalingGroupARN' for group 'web-asg'");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static ConfigurationItem changedItem(String fixture) {
        RuleInvocation invocation = PARSER.parse(EventFixtures.open(fixture));
        return ((Trigger.ItemChanged) invocation.trigger()).item();
    }

    private static List<LaunchTemplateRef> refs(AutoScalingGroup group) {
        return ((LaunchSource.Templates) group.source()).refs();
    }

    private static JsonNode read(String fixture) {
        try {
            return MAPPER.readTree(EventFixtures.path(fixture).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON written with single quotes, which reads better inside Java strings. */
    private static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
