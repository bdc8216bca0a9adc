package dev.imdsv2.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import software.amazon.awscdk.App;

class OrganizationSettingsTest {

    private static final Map<String, Object> MINIMAL = Map.of(
            "deployment", "organization",
            "organizationId", "o-abcdefghij",
            "targetOus", "ou-abcd-12345678");

    @Test
    void minimalContextGivesTheDocumentedDefaults() {
        OrganizationSettings settings = OrganizationSettings.fromContext(app(MINIMAL).getNode());

        assertThat(settings.organizationId()).isEqualTo("o-abcdefghij");
        assertThat(settings.targetOus()).containsExactly("ou-abcd-12345678");
        assertThat(settings.memberRoleRegion()).isNull();
        assertThat(settings.executionRoleName()).isEqualTo("asg-imdsv2-rule-member");
        assertThat(settings.delivery()).isEqualTo(OrganizationSettings.Delivery.CONFORMANCE_PACK);
        assertThat(settings.excludedAccounts()).isEmpty();
        assertThat(settings.invokingAccounts()).isEmpty();
        assertThat(settings.callAs()).isEqualTo("DELEGATED_ADMIN");
    }

    @Test
    void everyContextKeyIsRead() {
        OrganizationSettings settings = OrganizationSettings.fromContext(
                app(SynthesizedOrganization.CONFIG_RULE_CONTEXT).getNode());

        assertThat(settings.targetOus()).containsExactly("r-ab12");
        assertThat(settings.memberRoleRegion()).isEqualTo("us-east-1");
        assertThat(settings.executionRoleName()).isEqualTo("imdsv2-judge");
        assertThat(settings.delivery()).isEqualTo(OrganizationSettings.Delivery.CONFIG_RULE);
        assertThat(settings.invokingAccounts()).containsExactly("333333333333", "444444444444");
        assertThat(settings.callAs()).isEqualTo("SELF");
        assertThat(OrganizationSettings.fromContext(app(SynthesizedOrganization.PACK_CONTEXT).getNode())
                .excludedAccounts()).containsExactly("111111111111", "222222222222");
    }

    @Test
    void organizationDeploymentIsChosenOnlyWhenAsked() {
        assertThat(OrganizationSettings.isRequested(app(Map.of()).getNode())).isFalse();
        assertThat(OrganizationSettings.isRequested(app(Map.of("deployment", "account")).getNode())).isFalse();
        assertThat(OrganizationSettings.isRequested(app(MINIMAL).getNode())).isTrue();
    }

    @Test
    void unknownDeploymentFailsNamingTheValidValues() {
        assertThatThrownBy(() -> OrganizationSettings.isRequested(app(Map.of("deployment", "org")).getNode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("context key 'deployment' must be one of account, organization; got 'org'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "organizationId, o- and 10-32 lowercase letters or digits",
        "targetOus, OU ids (ou-...) or the root id (r-...)",
    })
    void missingRequiredKeyFailsNamingIt(String key, String expected) {
        Map<String, Object> context = new HashMap<>(MINIMAL);
        context.remove(key);

        assertThatThrownBy(() -> RuleApp.composeOrganization(app(context)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("context key '" + key + "' is required with deployment=organization")
                .hasMessageContaining(expected);
    }

    @ParameterizedTest(name = "{0}=''{1}''")
    @CsvSource(delimiter = '|', value = {
        "organizationId|o-ABCDEFGHIJ|an organization id, o- and 10-32 lowercase letters or digits",
        "organizationId|123456789012|an organization id",
        "targetOus|ou-abcd-12345678,ou-1|OU ids (ou-xxxx-xxxxxxxx) or the root id (r-xxxx)",
        "targetOus|' , '|OU ids",
        "memberRoleRegion|Europe|one region name such as eu-west-1",
        "memberRoleRegion|eu-west-1,us-east-1|one region name",
        "ExecutionRoleName|my role|an IAM role name",
        "organizationRule|pack|one of conformance-pack, config-rule",
        "excludedAccounts|1234|comma-separated 12-digit account ids",
        "invokingAccounts|111111111111,abc|comma-separated 12-digit account ids",
        "callAs|ADMIN|one of DELEGATED_ADMIN, SELF",
    })
    void badContextValueFailsSynthNamingKeyValueAndValidValues(String key, String value, String expected) {
        Map<String, Object> context = new HashMap<>(MINIMAL);
        context.put(key, value);

        assertThatThrownBy(() -> RuleApp.composeOrganization(app(context)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("context key '" + key + "'")
                .hasMessageContaining("got '")
                .hasMessageContaining(expected);
    }

    private static App app(Map<String, Object> context) {
        return App.Builder.create()
                .context(context)
                .build();
    }
}
