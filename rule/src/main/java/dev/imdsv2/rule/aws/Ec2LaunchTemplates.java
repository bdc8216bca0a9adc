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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateInstanceMetadataOptions;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * Reads launch template versions with {@code ec2:DescribeLaunchTemplateVersions}:
 * one call per template for all the versions it needs, or, in a sweep over
 * many templates, the account-wide listing of every template's latest and
 * default versions plus one call per template with pinned versions; in a
 * sweep those calls overlap, {@link #CONCURRENT_CALLS} at a time.
 */
public final class Ec2LaunchTemplates implements LaunchTemplates {

    static final String CALL = "ec2:DescribeLaunchTemplateVersions";

    /**
     * Above this many templates needing $Latest or $Default, a sweep lists
     * them account-wide (200 a page) instead of calling once per template.
     */
    static final int ACCOUNT_WIDE_THRESHOLD = 10;

    /**
     * Per-template calls in flight at once. Each is a round trip of tens of
     * milliseconds; eight overlap them without outrunning EC2's request
     * bucket (100 at once, 20 a second after), which adaptive retries pace.
     */
    static final int CONCURRENT_CALLS = 8;

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

    /**
     * The calls a sweep makes besides the account-wide listing: one per
     * template with pinned versions, asked as recordAccountWide asks. A
     * template named only by name that also needs $Latest or $Default is
     * asked by the id the listing gives, so it is not known here.
     */
    private static Map<LaunchTemplateRef, Set<VersionSpec>> pinnedCalls(
            Map<LaunchTemplateRef, Set<VersionSpec>> needs) {
        Map<LaunchTemplateRef, Set<VersionSpec>> calls = new LinkedHashMap<>();
        needs.forEach((template, versions) -> {
            Set<VersionSpec> pinned = new LinkedHashSet<>(versions);
            pinned.removeIf(v -> !(v instanceof VersionSpec.Pinned));
            if (!pinned.isEmpty() && (template.id() != null || !needsFloating(versions))) {
                calls.put(template, pinned);
            }
        });
        return calls;
    }

    /**
     * Makes the calls a sweep needs for pinned versions, up to
     * {@link #CONCURRENT_CALLS} at a time so that their round trips overlap.
     * Each answer, or the error it met, is recorded afterwards on the caller's
     * thread, in the order of the references.
     */
    private Map<LaunchTemplateRef, Answer> fetchAll(Map<LaunchTemplateRef, Set<VersionSpec>> calls) {
        Map<LaunchTemplateRef, Answer> answers = new LinkedHashMap<>();
        if (calls.size() < 2) {
            calls.forEach((template, versions) -> answers.put(template, fetch(template, versions)));
            return answers;
        }
        Map<LaunchTemplateRef, Future<Answer>> pending = new LinkedHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(CONCURRENT_CALLS, calls.size()),
                Thread.ofVirtual().name("ec2-describe-", 0).factory())) {
            calls.forEach((template, versions) -> pending.put(template, pool.submit(() -> fetch(template, versions))));
            pending.forEach((template, answer) -> answers.put(template, await(answer)));
        }
        return answers;
    }

    private static Answer await(Future<Answer> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(CALL + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + CALL, e);
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

        Map<LaunchTemplateRef, Answer> pinnedAnswers = fetchAll(pinnedCalls(needs));
        for (var need : needs.entrySet()) {
            LaunchTemplateRef template = need.getKey();
            Set<VersionSpec> pinned = new LinkedHashSet<>(need.getValue());
            pinned.removeIf(v -> !(v instanceof VersionSpec.Pinned));
            if (!needsFloating(need.getValue())) {
                record(template, pinned, pinnedAnswers.get(template), evidence);
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
            TemplateFacts facts = facts(template, listed, need.getValue(), Set.of());
            evidence.template(template, facts);
            if (facts instanceof TemplateFacts.Found && !pinned.isEmpty()) {
                LaunchTemplateRef listedTemplate = new LaunchTemplateRef(id, template.name(), VersionSpec.DEFAULT);
                Answer answer = pinnedAnswers.get(template);
                record(listedTemplate, pinned, answer != null ? answer : fetch(listedTemplate, pinned), evidence);
            }
        }
    }

    /** One call for all the versions one template needs; per-version calls only to find which is missing. */
    private void gatherOne(LaunchTemplateRef template, Set<VersionSpec> versions, Evidence.Builder evidence) {
        record(template, versions, fetch(template, versions), evidence);
    }

    /** What one call answered: the versions, or the error it met after the SDK's retries. */
    private record Answer(List<LaunchTemplateVersion> versions, SdkException error) {
    }

    private Answer fetch(LaunchTemplateRef template, Set<VersionSpec> versions) {
        try {
            return new Answer(describe(template, versions.stream().map(String::valueOf).toList()), null);
        } catch (SdkException e) {
            return new Answer(List.of(), e);
        }
    }

    private void record(LaunchTemplateRef template, Set<VersionSpec> versions, Answer answer,
                        Evidence.Builder evidence) {
        if (answer.error() == null) {
            evidence.template(template, facts(template, answer.versions(), versions, pinnedNumbers(versions)));
            return;
        }
        String code = Gaps.errorCode(answer.error());
        if (Ec2ErrorCodes.TEMPLATE_NOT_FOUND.contains(code)) {
            evidence.template(template, new TemplateFacts.Missing());
        } else if (Ec2ErrorCodes.VERSION_NOT_FOUND.equals(code)) {
            gatherVersionByVersion(template, versions, evidence);
        } else {
            evidence.template(template, new TemplateFacts.Unavailable(Gaps.of(CALL, answer.error())));
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
                if (Ec2ErrorCodes.VERSION_NOT_FOUND.equals(code) && version instanceof VersionSpec.Pinned) {
                    continue; // facts() records every asked number that did not come back as absent
                } else if (Ec2ErrorCodes.TEMPLATE_NOT_FOUND.contains(code)) {
                    evidence.template(template, new TemplateFacts.Missing());
                    return;
                } else {
                    evidence.template(template, new TemplateFacts.Unavailable(Gaps.of(CALL, e)));
                    return;
                }
            }
        }
        evidence.template(template, facts(template, found, versions, pinnedNumbers(versions)));
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
     * The template keeps the identity it was asked by, so that the judge finds
     * it under that; the answer fills in what the reference left out. An
     * answer that does not say which version is the latest or default asked
     * for proves nothing: that is a gap, not a verdict.
     */
    private static TemplateFacts facts(LaunchTemplateRef template, List<LaunchTemplateVersion> versions,
                                       Set<VersionSpec> asked, Set<Long> askedNumbers) {
        boolean askedLatest = asked.contains(VersionSpec.LATEST);
        Map<Long, MetadataOptions> options = new HashMap<>();
        OptionalLong latest = OptionalLong.empty();
        OptionalLong byDefault = OptionalLong.empty();
        String id = template.id();
        String name = template.name();
        for (LaunchTemplateVersion v : versions) {
            if (v.versionNumber() == null) {
                continue; // no number, so it cannot be any version a group names
            }
            long number = v.versionNumber();
            options.put(number, metadata(v));
            if (askedLatest && (latest.isEmpty() || number > latest.getAsLong())) {
                latest = OptionalLong.of(number);
            }
            if (Boolean.TRUE.equals(v.defaultVersion())) {
                byDefault = OptionalLong.of(number);
            }
            id = template.id() != null ? template.id() : v.launchTemplateId();
            name = template.name() != null ? template.name() : v.launchTemplateName();
        }
        if (askedLatest && latest.isEmpty() || asked.contains(VersionSpec.DEFAULT) && byDefault.isEmpty()) {
            return new TemplateFacts.Unavailable(new EvidenceGap(CALL, "IncompleteAnswer",
                    "the answer for " + template.label() + " names no " + (latest.isEmpty() && askedLatest
                            ? "latest" : "default") + " version"));
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
