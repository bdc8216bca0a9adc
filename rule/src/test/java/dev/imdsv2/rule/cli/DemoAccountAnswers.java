package dev.imdsv2.rule.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imdsv2.rule.wire.FakeAws;
import dev.imdsv2.rule.wire.FakeAws.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Serves an AWS CLI export (the demo account) from {@link FakeAws} as the live
 * APIs would answer it, so that a live {@code scan} and {@code scan --from}
 * of the same account can be compared. The CLI prints the Query protocol's
 * element names as its JSON keys, so Auto Scaling's answer is the export
 * written back as XML; EC2's answer carries the fields the rule reads, in
 * EC2's own camelCase, and EC2's errors where a template or version is gone.
 */
final class DemoAccountAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_ID = "<ResponseMetadata><RequestId>7c6e1f0a-5b2d-4e3c-9a8f-0d1e2f3a4b5c"
            + "</RequestId></ResponseMetadata>";

    private final JsonNode groups;
    private final Map<String, Template> templates = new LinkedHashMap<>();

    private DemoAccountAnswers(Path dir) {
        JsonNode groupsExport = null;
        List<JsonNode> versions = new ArrayList<>();
        for (Path file : jsonFiles(dir)) {
            JsonNode root = read(file);
            if (root.has("AutoScalingGroups")) {
                groupsExport = root;
            }
            root.path("LaunchTemplates").forEach(t -> template(t.get("LaunchTemplateId").asText()).summary = t);
            root.path("LaunchTemplateVersions").forEach(versions::add);
        }
        this.groups = groupsExport;
        versions.forEach(v -> template(v.get("LaunchTemplateId").asText()).versions
                .put(v.get("VersionNumber").asLong(), v));
    }

    /** Stubs DescribeAutoScalingGroups and DescribeLaunchTemplateVersions with the export in {@code dir}. */
    static void serve(FakeAws aws, Path dir) {
        new DemoAccountAnswers(dir).stub(aws);
    }

    private void stub(FakeAws aws) {
        aws.on("DescribeAutoScalingGroups").answer(Answer.text(describeAutoScalingGroups()));

        List<JsonNode> floating = new ArrayList<>();
        templates.values().forEach(t -> floating.addAll(t.latestAndDefault()));
        aws.on("DescribeLaunchTemplateVersions").without("LaunchTemplateId")
                .answer(Answer.text(describeLaunchTemplateVersions(floating)));

        Map<String, Set<Long>> pinned = pinnedVersions();
        for (String id : referencedTemplateIds()) {
            Template template = templates.get(id);
            Answer answer;
            if (template == null) {
                answer = Answer.error(400, "InvalidLaunchTemplateId.NotFound",
                        "The specified launch template, with template ID " + id + ", does not exist.");
            } else if (!template.versions.keySet().containsAll(pinned.getOrDefault(id, Set.of()))) {
                answer = Answer.error(400, "InvalidLaunchTemplateId.VersionNotFound",
                        "Could not find the specified version for launch template with ID " + id + ".");
            } else {
                List<JsonNode> answered = new ArrayList<>(template.latestAndDefault());
                pinned.getOrDefault(id, Set.of()).forEach(n -> answered.add(template.versions.get(n)));
                answer = Answer.text(describeLaunchTemplateVersions(answered.stream().distinct().toList()));
            }
            aws.on("DescribeLaunchTemplateVersions").with("LaunchTemplateId", id).answer(answer);
        }
    }

    private String describeAutoScalingGroups() {
        StringBuilder xml = new StringBuilder("<DescribeAutoScalingGroupsResponse"
                + " xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><DescribeAutoScalingGroupsResult>");
        element(xml, "AutoScalingGroups", groups.get("AutoScalingGroups"));
        return xml.append("</DescribeAutoScalingGroupsResult>").append(REQUEST_ID)
                .append("</DescribeAutoScalingGroupsResponse>").toString();
    }

    /** The Query protocol's XML for a value: objects as elements, lists as {@code member}s. */
    private static void element(StringBuilder xml, String name, JsonNode value) {
        xml.append('<').append(name).append('>');
        if (value.isObject()) {
            value.properties().forEach(field -> element(xml, field.getKey(), field.getValue()));
        } else if (value.isArray()) {
            value.forEach(member -> element(xml, "member", member));
        } else {
            xml.append(escape(timestamp(value.asText())));
        }
        xml.append("</").append(name).append('>');
    }

    private static String describeLaunchTemplateVersions(List<JsonNode> versions) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<DescribeLaunchTemplateVersionsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<requestId>0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f</requestId><launchTemplateVersionSet>");
        for (JsonNode version : versions) {
            xml.append("<item>");
            ec2Element(xml, version);
            xml.append("</item>");
        }
        return xml.append("</launchTemplateVersionSet></DescribeLaunchTemplateVersionsResponse>").toString();
    }

    /** EC2 names fields in camelCase; its lists ({@code ...Set} of {@code item}) are left out, the rule reads none. */
    private static void ec2Element(StringBuilder xml, JsonNode object) {
        object.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (value.isArray()) {
                return;
            }
            String name = Character.toLowerCase(field.getKey().charAt(0)) + field.getKey().substring(1);
            xml.append('<').append(name).append('>');
            if (value.isObject()) {
                ec2Element(xml, value);
            } else {
                xml.append(escape(timestamp(value.asText())));
            }
            xml.append("</").append(name).append('>');
        });
    }

    private Map<String, Set<Long>> pinnedVersions() {
        Map<String, Set<Long>> pinned = new LinkedHashMap<>();
        for (JsonNode spec : templateSpecs()) {
            String version = spec.path("Version").asText("");
            if (version.chars().allMatch(Character::isDigit) && !version.isEmpty()) {
                pinned.computeIfAbsent(spec.get("LaunchTemplateId").asText(), k -> new LinkedHashSet<>())
                        .add(Long.parseLong(version));
            }
        }
        return pinned;
    }

    private Set<String> referencedTemplateIds() {
        Set<String> ids = new LinkedHashSet<>();
        templateSpecs().forEach(spec -> ids.add(spec.get("LaunchTemplateId").asText()));
        return ids;
    }

    private List<JsonNode> templateSpecs() {
        List<JsonNode> specs = new ArrayList<>();
        for (JsonNode group : groups.get("AutoScalingGroups")) {
            if (group.has("LaunchTemplate")) {
                specs.add(group.get("LaunchTemplate"));
            }
            JsonNode mixed = group.path("MixedInstancesPolicy").path("LaunchTemplate");
            if (mixed.has("LaunchTemplateSpecification")) {
                specs.add(mixed.get("LaunchTemplateSpecification"));
            }
            mixed.path("Overrides").forEach(o -> {
                if (o.has("LaunchTemplateSpecification")) {
                    specs.add(o.get("LaunchTemplateSpecification"));
                }
            });
        }
        return specs;
    }

    private Template template(String id) {
        return templates.computeIfAbsent(id, k -> new Template());
    }

    /** The CLI prints {@code +00:00}; the wire carries {@code Z}. */
    private static String timestamp(String text) {
        return text.matches("\\d{4}-\\d\\d-\\d\\dT.*\\+00:00") ? text.replace("+00:00", "Z") : text;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static List<Path> jsonFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One exported template: its summary line and every version. */
    private static final class Template {
        JsonNode summary;
        final Map<Long, JsonNode> versions = new LinkedHashMap<>();

        /** What EC2 answers for {@code $Latest} and {@code $Default}: one version or two. */
        List<JsonNode> latestAndDefault() {
            JsonNode latest = versions.get(summary.get("LatestVersionNumber").asLong());
            JsonNode byDefault = versions.get(summary.get("DefaultVersionNumber").asLong());
            return latest == byDefault ? List.of(latest) : List.of(latest, byDefault);
        }
    }
}
