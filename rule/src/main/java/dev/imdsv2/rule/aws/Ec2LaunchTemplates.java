package dev.imdsv2.rule.aws;

import dev.imdsv2.rule.decision.Evidence;
import dev.imdsv2.rule.decision.EvidenceGap;
import dev.imdsv2.rule.decision.LaunchTemplateRef;
import dev.imdsv2.rule.decision.MetadataOptions;
import dev.imdsv2.rule.decision.TemplateFacts;
import dev.imdsv2.rule.decision.VersionSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptions;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * Reads launch template versions with {@code ec2:DescribeLaunchTemplateVersions}:
 * one call per template for all the versions it needs, or, in a sweep over
 * many templates, the account-wide listing of every template's latest and
 * default versions plus one call per template with pinned versions.
 */
public final class Ec2LaunchTemplates implements LaunchTemplates {

    static final String CALL = "ec2:DescribeLaunchTemplateVersions";

    /**
     * Above this many templates needing $Latest or $Default, a sweep lists
     * them account-wide (200 a page) instead of calling once per template.
     */
    static final int ACCOUNT_WIDE_THRESHOLD = 10;

    private static final Set<String> TEMPLATE_NOT_FOUND = Set.of(
            "InvalidLaunchTemplateId.NotFound",
            "InvalidLaunchTemplateName.NotFoundException",
            "InvalidLaunchTemplateId.Malformed",
            "InvalidLaunchTemplateName.MalformedException");
    private static final String VERSION_NOT_FOUND = "InvalidLaunchTemplateId.VersionNotFound";

    private final Ec2Client ec2;

    public Ec2LaunchTemplates(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    @Override
    public void gather(Collection<LaunchTemplateRef> refs, Evidence.Builder evidence, boolean wholeAccount) {
        Map<String, LaunchTemplateRef> templates = new LinkedHashMap<>();
        Map<LaunchTemplateRef, Set<VersionSpec>> needs = new LinkedHashMap<>();
        for (LaunchTemplateRef ref : refs) {
            LaunchTemplateRef template = templates.computeIfAbsent(
                    ref.id() != null ? "id:" + ref.id() : "name:" + ref.name(),
                    k -> ref.withVersion(VersionSpec.DEFAULT));
            needs.computeIfAbsent(template, k -> new LinkedHashSet<>()).add(ref.version());
        }
        long floating = needs.values().stream().filter(Ec2LaunchTemplates::needsFloating).count();
        if (wholeAccount && floating > ACCOUNT_WIDE_THRESHOLD) {
            gatherAccountWide(needs, evidence);
        } else {
            needs.forEach((template, versions) -> gatherOne(template, versions, evidence));
        }
    }

    private static boolean needsFloating(Set<VersionSpec> versions) {
        return versions.stream().anyMatch(v -> !(v instanceof VersionSpec.Pinned));
    }

    private void gatherAccountWide(Map<LaunchTemplateRef, Set<VersionSpec>> needs, Evidence.Builder evidence) {
        Map<String, List<LaunchTemplateVersion>> byId = new HashMap<>();
        EvidenceGap gap = null;
        try {
            var request = DescribeLaunchTemplateVersionsRequest.builder()
                    .versions("$Latest", "$Default")
                    .maxResults(200)
                    .build();
            for (var page : ec2.describeLaunchTemplateVersionsPaginator(request)) {
                for (LaunchTemplateVersion v : page.launchTemplateVersions()) {
                    byId.computeIfAbsent(v.launchTemplateId(), k -> new ArrayList<>()).add(v);
                }
            }
        } catch (SdkException e) {
            gap = Gaps.of(CALL, e);
        }
        Map<String, String> idByName = new HashMap<>();
        byId.forEach((id, versions) -> idByName.put(versions.getFirst().launchTemplateName(), id));

        for (var need : needs.entrySet()) {
            LaunchTemplateRef template = need.getKey();
            Set<VersionSpec> pinned = new LinkedHashSet<>(need.getValue());
            pinned.removeIf(v -> !(v instanceof VersionSpec.Pinned));
            if (!needsFloating(need.getValue())) {
                gatherOne(template, pinned, evidence);
                continue;
            }
            if (gap != null) {
                evidence.template(template, new TemplateFacts.Unavailable(gap));
                continue;
            }
            String id = template.id() != null ? template.id() : idByName.get(template.name());
            List<LaunchTemplateVersion> listed = id == null ? null : byId.get(id);
            if (listed == null) {
                evidence.template(template, new TemplateFacts.Missing());
                continue;
            }
            evidence.found(facts(template, listed, true, Set.of()));
            if (!pinned.isEmpty()) {
                gatherOne(new LaunchTemplateRef(id, template.name(), VersionSpec.DEFAULT), pinned, evidence);
            }
        }
    }

    /** One call for all the versions one template needs; per-version calls only to find which is missing. */
    private void gatherOne(LaunchTemplateRef template, Set<VersionSpec> versions, Evidence.Builder evidence) {
        try {
            List<LaunchTemplateVersion> found = describe(template, versions.stream().map(String::valueOf).toList());
            Set<Long> asked = pinnedNumbers(versions);
            boolean askedLatest = versions.contains(VersionSpec.LATEST);
            evidence.found(facts(template, found, askedLatest, asked));
        } catch (SdkException e) {
            String code = Gaps.errorCode(e);
            if (TEMPLATE_NOT_FOUND.contains(code)) {
                evidence.template(template, new TemplateFacts.Missing());
            } else if (VERSION_NOT_FOUND.equals(code)) {
                gatherVersionByVersion(template, versions, evidence);
            } else {
                evidence.template(template, new TemplateFacts.Unavailable(Gaps.of(CALL, e)));
            }
        }
    }

    /**
     * EC2 refuses the whole call when one asked version is gone, without
     * saying which in a field; asking one at a time tells them apart.
     */
    private void gatherVersionByVersion(LaunchTemplateRef template, Set<VersionSpec> versions,
                                        Evidence.Builder evidence) {
        List<LaunchTemplateVersion> found = new ArrayList<>();
        for (VersionSpec version : versions) {
            try {
                found.addAll(describe(template, List.of(version.toString())));
            } catch (SdkException e) {
                String code = Gaps.errorCode(e);
                if (VERSION_NOT_FOUND.equals(code) && version instanceof VersionSpec.Pinned) {
                    continue; // facts() records every asked number that did not come back as absent
                } else if (TEMPLATE_NOT_FOUND.contains(code)) {
                    evidence.template(template, new TemplateFacts.Missing());
                    return;
                } else {
                    evidence.template(template, new TemplateFacts.Unavailable(Gaps.of(CALL, e)));
                    return;
                }
            }
        }
        evidence.found(facts(template, found, versions.contains(VersionSpec.LATEST), pinnedNumbers(versions)));
    }

    private List<LaunchTemplateVersion> describe(LaunchTemplateRef template, List<String> versions) {
        var request = DescribeLaunchTemplateVersionsRequest.builder()
                .launchTemplateId(template.id())
                .launchTemplateName(template.id() == null ? template.name() : null)
                .versions(versions)
                .build();
        List<LaunchTemplateVersion> found = new ArrayList<>();
        for (var page : ec2.describeLaunchTemplateVersionsPaginator(request)) {
            found.addAll(page.launchTemplateVersions());
        }
        return found;
    }

    /**
     * What a set of returned versions says. Version numbers only grow, so
     * when {@code $Latest} was asked for, the highest number returned is it.
     */
    private static TemplateFacts.Found facts(LaunchTemplateRef template, List<LaunchTemplateVersion> versions,
                                             boolean askedLatest, Set<Long> askedNumbers) {
        Map<Long, MetadataOptions> options = new HashMap<>();
        OptionalLong latest = OptionalLong.empty();
        OptionalLong byDefault = OptionalLong.empty();
        String id = template.id();
        String name = template.name();
        for (LaunchTemplateVersion v : versions) {
            long number = v.versionNumber();
            options.put(number, metadata(v));
            if (askedLatest && (latest.isEmpty() || number > latest.getAsLong())) {
                latest = OptionalLong.of(number);
            }
            if (Boolean.TRUE.equals(v.defaultVersion())) {
                byDefault = OptionalLong.of(number);
            }
            id = v.launchTemplateId();
            name = v.launchTemplateName();
        }
        Set<Long> absent = new HashSet<>(askedNumbers);
        absent.removeAll(options.keySet());
        return new TemplateFacts.Found(id, name, latest, byDefault, options, absent);
    }

    private static MetadataOptions metadata(LaunchTemplateVersion version) {
        var data = version.launchTemplateData();
        LaunchTemplateInstanceMetadataOptions o = data == null ? null : data.metadataOptions();
        if (o == null) {
            return MetadataOptions.UNSET;
        }
        return new MetadataOptions(o.httpTokensAsString(), o.httpEndpointAsString());
    }

    private static Set<Long> pinnedNumbers(Set<VersionSpec> versions) {
        Set<Long> numbers = new HashSet<>();
        for (VersionSpec v : versions) {
            if (v instanceof VersionSpec.Pinned pinned) {
                numbers.add(pinned.number());
            }
        }
        return numbers;
    }
}
