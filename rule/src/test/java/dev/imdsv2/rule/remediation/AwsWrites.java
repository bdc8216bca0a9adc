package dev.imdsv2.rule.remediation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.imdsv2.rule.wire.FakeAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * Stubs for the calls {@link FakeAws} does not speak (the remediation's
 * writes), written straight onto its WireMock server, and the answers as AWS
 * frames them; plus the read answers the remediation tests shape themselves.
 */
final class AwsWrites {

    static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    static final String AS_NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    private final FakeAws aws;

    AwsWrites(FakeAws aws) {
        this.aws = aws;
    }

    /** Answers an action, narrowed by form parameters, with a body or an error. */
    void on(String action, Map<String, String> params, int status, String body) {
        MappingBuilder mapping = post(anyUrl()).withRequestBody(containing("Action=" + action + "&"));
        for (var p : params.entrySet()) {
            mapping = mapping.withFormParam(p.getKey(), equalTo(p.getValue()));
        }
        aws.server().stubFor(mapping.atPriority(5 - Math.min(4, params.size())).willReturn(aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml;charset=UTF-8")
                .withBody(body)));
    }

    void created(String templateId, long source, long number) {
        on("CreateLaunchTemplateVersion", Map.of("LaunchTemplateId", templateId, "SourceVersion",
                Long.toString(source)), 200, "<CreateLaunchTemplateVersionResponse xmlns=\"" + EC2_NS + "\">"
                + "<requestId>r-1</requestId><launchTemplateVersion><launchTemplateId>" + templateId
                + "</launchTemplateId><versionNumber>" + number + "</versionNumber><defaultVersion>false"
                + "</defaultVersion></launchTemplateVersion></CreateLaunchTemplateVersionResponse>");
    }

    void defaultSet(String templateId, long number) {
        on("ModifyLaunchTemplate", Map.of("LaunchTemplateId", templateId), 200,
                "<ModifyLaunchTemplateResponse xmlns=\"" + EC2_NS + "\"><requestId>r-2</requestId><launchTemplate>"
                        + "<launchTemplateId>" + templateId + "</launchTemplateId><defaultVersionNumber>" + number
                        + "</defaultVersionNumber></launchTemplate></ModifyLaunchTemplateResponse>");
    }

    void groupUpdated() {
        on("UpdateAutoScalingGroup", Map.of(), 200, "<UpdateAutoScalingGroupResponse xmlns=\"" + AS_NS + "\">"
                + "<ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata></UpdateAutoScalingGroupResponse>");
    }

    void groupUpdateDenied() {
        on("UpdateAutoScalingGroup", Map.of(), 403, "<ErrorResponse xmlns=\"" + AS_NS + "\"><Error><Type>Sender"
                + "</Type><Code>AccessDenied</Code><Message>not authorized to use launch template</Message></Error>"
                + "<RequestId>r-4</RequestId></ErrorResponse>");
    }

    void refreshStarted(String id) {
        on("StartInstanceRefresh", Map.of(), 200, "<StartInstanceRefreshResponse xmlns=\"" + AS_NS + "\">"
                + "<StartInstanceRefreshResult><InstanceRefreshId>" + id + "</InstanceRefreshId>"
                + "</StartInstanceRefreshResult><ResponseMetadata><RequestId>r-5</RequestId></ResponseMetadata>"
                + "</StartInstanceRefreshResponse>");
    }

    /** The group, by name, and the region's listing of every group. */
    void groups(String target, String... members) {
        String targetMember = java.util.Arrays.stream(members)
                .filter(m -> m.contains("<AutoScalingGroupName>" + target + "</AutoScalingGroupName>"))
                .findFirst()
                .orElseThrow();
        aws.on("DescribeAutoScalingGroups").with("AutoScalingGroupNames.member.1", target)
                .answer(FakeAws.Answer.text(groupsResponse(targetMember)));
        aws.on("DescribeAutoScalingGroups").with("MaxRecords", "100")
                .answer(FakeAws.Answer.text(groupsResponse(String.join("", members))));
    }

    /** A template's versions, answering the call that asks for exactly these versions. */
    void versions(String templateId, List<String> asked, String... items) {
        var stub = aws.on("DescribeLaunchTemplateVersions").with("LaunchTemplateId", templateId);
        for (int i = 0; i < asked.size(); i++) {
            stub.with("LaunchTemplateVersion." + (i + 1), asked.get(i));
        }
        stub.answer(FakeAws.Answer.text("<DescribeLaunchTemplateVersionsResponse xmlns=\"" + EC2_NS + "\">"
                + "<requestId>r-6</requestId><launchTemplateVersionSet>" + String.join("", items)
                + "</launchTemplateVersionSet></DescribeLaunchTemplateVersionsResponse>"));
    }

    static String groupsResponse(String members) {
        return "<DescribeAutoScalingGroupsResponse xmlns=\"" + AS_NS + "\"><DescribeAutoScalingGroupsResult>"
                + "<AutoScalingGroups>" + members + "</AutoScalingGroups></DescribeAutoScalingGroupsResult>"
                + "<ResponseMetadata><RequestId>r-7</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>";
    }

    static String arn(String name) {
        return "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:5f1c2a9e-7b3d-4c1e-9a0f-1d2e3f4a5b6c"
                + ":autoScalingGroupName/" + name;
    }

    /** A group launching from its own template at a version. */
    static String directGroup(String name, String templateId, String version, String instances) {
        return "<member><AutoScalingGroupName>" + name + "</AutoScalingGroupName><AutoScalingGroupARN>" + arn(name)
                + "</AutoScalingGroupARN><LaunchTemplate>" + spec(templateId, version) + "</LaunchTemplate>"
                + common(instances) + "</member>";
    }

    /** A mixed-instances group: a base template and overrides, each an instance type with an optional template. */
    static String mixedGroup(String name, String baseId, String baseVersion, List<String[]> overrides) {
        StringBuilder xml = new StringBuilder("<member><AutoScalingGroupName>" + name + "</AutoScalingGroupName>"
                + "<AutoScalingGroupARN>" + arn(name) + "</AutoScalingGroupARN><MixedInstancesPolicy><LaunchTemplate>"
                + "<LaunchTemplateSpecification>" + spec(baseId, baseVersion) + "</LaunchTemplateSpecification>"
                + "<Overrides>");
        for (String[] o : overrides) {
            xml.append("<member><InstanceType>").append(o[0]).append("</InstanceType>");
            if (o.length > 2) {
                xml.append("<WeightedCapacity>").append(o.length > 3 ? o[3] : "1").append("</WeightedCapacity>");
                xml.append("<LaunchTemplateSpecification>").append(spec(o[1], o[2]))
                        .append("</LaunchTemplateSpecification>");
            }
            xml.append("</member>");
        }
        xml.append("</Overrides></LaunchTemplate><InstancesDistribution><OnDemandBaseCapacity>1"
                + "</OnDemandBaseCapacity><OnDemandPercentageAboveBaseCapacity>50"
                + "</OnDemandPercentageAboveBaseCapacity><SpotAllocationStrategy>price-capacity-optimized"
                + "</SpotAllocationStrategy></InstancesDistribution></MixedInstancesPolicy>")
                .append(common("")).append("</member>");
        return xml.toString();
    }

    static String instance(String id, String templateId, String version) {
        return "<member><InstanceId>" + id + "</InstanceId><InstanceType>t3.small</InstanceType>"
                + "<AvailabilityZone>us-east-1a</AvailabilityZone><LifecycleState>InService</LifecycleState>"
                + "<HealthStatus>Healthy</HealthStatus><LaunchTemplate>" + spec(templateId, version)
                + "</LaunchTemplate><ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>";
    }

    private static String spec(String templateId, String version) {
        return "<LaunchTemplateId>" + templateId + "</LaunchTemplateId><LaunchTemplateName>" + templateId
                .replace("lt-", "tpl-") + "</LaunchTemplateName>" + (version == null ? "" : "<Version>" + version
                + "</Version>");
    }

    private static String common(String instances) {
        return "<MinSize>1</MinSize><MaxSize>4</MaxSize><DesiredCapacity>2</DesiredCapacity>"
                + "<Instances>" + instances + "</Instances><Tags/>";
    }

    /** One template version; {@code metadata} is the inner XML of metadataOptions, or null for none. */
    static String version(String templateId, long number, boolean isDefault, String metadata, String description) {
        return "<item><launchTemplateId>" + templateId + "</launchTemplateId><launchTemplateName>"
                + templateId.replace("lt-", "tpl-") + "</launchTemplateName><versionNumber>" + number
                + "</versionNumber>" + (description == null ? "" : "<versionDescription>" + description
                + "</versionDescription>") + "<defaultVersion>" + isDefault + "</defaultVersion><launchTemplateData>"
                + "<imageId>ami-0abcdef1234567890</imageId><instanceType>t3.small</instanceType>"
                + (metadata == null ? "" : "<metadataOptions>" + metadata + "</metadataOptions>")
                + "</launchTemplateData></item>";
    }

    /** Tokens optional, hop limit 2, instance tags on: what the naive remediation would lose. */
    static final String OPTIONAL_HOP2_TAGS = "<httpTokens>optional</httpTokens><httpPutResponseHopLimit>2"
            + "</httpPutResponseHopLimit><httpEndpoint>enabled</httpEndpoint><httpProtocolIpv6>disabled"
            + "</httpProtocolIpv6><instanceMetadataTags>enabled</instanceMetadataTags><state>applied</state>";

    static final String REQUIRED_HOP2_TAGS = OPTIONAL_HOP2_TAGS.replace(">optional<", ">required<");

    /** Reads {@code test-fixtures/remediation/<name>}. */
    static String fixture(String name) {
        try {
            return Files.readString(FakeAws.fixturesDir().resolve("remediation").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
