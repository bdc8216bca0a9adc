package dev.imdsv2.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A programmable AWS on loopback for the benchmark: EC2 and Auto Scaling over
 * the Query protocol, Config over JSON 1.1, answering from a {@link Fleet}
 * with the bodies AWS sends, so the real SDK clients parse real wire answers.
 *
 * <p>Every call waits {@code latency} before it is answered, as a region's
 * round trip would. EC2 calls draw from EC2's request bucket (100 burst,
 * 20 a second refill); past it EC2 answers 503 {@code RequestLimitExceeded}.
 * Config remembers every evaluation put (outside test mode) and answers
 * {@code GetComplianceDetailsByConfigRule} from that memory.
 */
public final class LoopbackAws implements AutoCloseable {

    /** What the loopback saw since the last {@link #snapshot()}. */
    public record Stats(Map<String, Long> calls, Map<String, Long> throttled, long retriesExhausted,
                        long evaluationsPut, Map<String, Instant> firstArrival, Map<String, Instant> lastArrival) {

        public long calls(String action) {
            return calls.getOrDefault(action, 0L);
        }

        public long throttledTotal() {
            return throttled.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One evaluation as Config holds it. */
    public record Recorded(String compliance, String annotation, double orderingTimestamp) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final String ASG_NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";
    private static final String REQUEST_ID = "11111111-2222-3333-4444-555555555555";

    private final Fleet fleet;
    private final long latencyMillis;
    private final TokenBucket ec2Bucket;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttled = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstArrival = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastArrival = new ConcurrentHashMap<>();
    private final AtomicLong exhausted = new AtomicLong();
    private final AtomicLong evaluationsPut = new AtomicLong();
    private final AtomicReference<ConcurrentSkipListMap<String, Recorded>> config =
            new AtomicReference<>(new ConcurrentSkipListMap<>());

    public LoopbackAws(Fleet fleet, Duration latency, TokenBucket ec2Bucket) {
        this.fleet = fleet;
        this.latencyMillis = latency.toMillis();
        this.ec2Bucket = ec2Bucket;
        // Without it the JDK's server leaves Nagle's algorithm on, and every answer
        // written in two parts waits out the client's delayed ACK (40 ms on Linux):
        // a stall of the loopback, not of AWS.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a loopback port", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** What {@code AWS_ENDPOINT_URL} (or {@code aws.endpointUrl}) should be for the SDK to call here. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The standard SDK environment for a child JVM: this endpoint, fake credentials, us-east-1. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ENDPOINT_URL", endpoint());
        env.put("AWS_REGION", Fleet.REGION);
        env.put("AWS_ACCESS_KEY_ID", "AKIDBENCHMARKEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "bench-secret-key");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** Counters since the previous snapshot; they start again from zero. */
    public synchronized Stats snapshot() {
        Stats stats = new Stats(drain(calls), drain(throttled), exhausted.getAndSet(0),
                evaluationsPut.getAndSet(0), new TreeMap<>(firstArrival), new TreeMap<>(lastArrival));
        firstArrival.clear();
        lastArrival.clear();
        return stats;
    }

    /** What Config holds for the rule, by resource id. */
    public Map<String, Recorded> recorded() {
        return Map.copyOf(config.get());
    }

    /** Forgets every evaluation, as for a newly created rule. */
    public void forgetEvaluations() {
        config.set(new ConcurrentSkipListMap<>());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static Map<String, Long> drain(Map<String, LongAdder> counters) {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sumThenReset()));
        out.values().removeIf(v -> v == 0);
        return out;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant arrived = Instant.now();
        try (exchange) {
            Answer answer;
            try {
                answer = answer(exchange, arrived);
            } catch (RuntimeException e) {
                // A bug in the loopback: the SDK sees a server error naming it, and its run fails.
                answer = new Answer(500, "text/plain", "loopback failed: " + e);
            }
            pause();
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", REQUEST_ID);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Answer answer(HttpExchange exchange, Instant arrived) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            String action = target.substring(target.indexOf('.') + 1);
            count(action, arrived);
            return config(action, JSON.readTree(body));
        }
        Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
        String action = form.getOrDefault("Action", "?");
        count(action, arrived);
        return "2016-11-15".equals(form.get("Version")) ? ec2(action, form, exchange) : autoScaling(action, form);
    }

    private void count(String action, Instant arrived) {
        calls.computeIfAbsent(action, k -> new LongAdder()).increment();
        firstArrival.putIfAbsent(action, arrived);
        lastArrival.merge(action, arrived, (a, b) -> a.isAfter(b) ? a : b);
    }

    private void pause() {
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Answer(int status, String contentType, String body) {
        static Answer xml(String body) {
            return new Answer(200, "text/xml;charset=UTF-8", body);
        }

        static Answer json(String body) {
            return new Answer(200, "application/x-amz-json-1.1", body);
        }
    }

    // ---------------------------------------------------------------- EC2

    private Answer ec2(String action, Map<String, String> form, HttpExchange exchange) {
        if (ec2Bucket != null && !ec2Bucket.tryTake()) {
            throttled.computeIfAbsent(action, k -> new LongAdder()).increment();
            if (isLastAttempt(exchange.getRequestHeaders().getFirst("amz-sdk-request"))) {
                exhausted.incrementAndGet();
            }
            return ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.");
        }
        if (!action.equals("DescribeLaunchTemplateVersions")) {
            return ec2Error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        String id = form.get("LaunchTemplateId");
        String name = form.get("LaunchTemplateName");
        List<String> versions = members(form, "LaunchTemplateVersion.");
        List<Item> items = new ArrayList<>();
        if (id != null || name != null) {
            Fleet.Template template = id != null ? fleet.templateById(id) : fleet.templateByName(name);
            if (template == null) {
                return id != null
                        ? ec2Error(400, "InvalidLaunchTemplateId.NotFound",
                                "The specified launch template, with template ID " + id + ", does not exist.")
                        : ec2Error(400, "InvalidLaunchTemplateName.NotFoundException",
                                "The specified launch template, with template name " + name + ", does not exist.");
            }
            if (versions.isEmpty()) {
                template.versions().forEach(v -> items.add(new Item(template, v)));
            }
            TreeMap<Long, Item> chosen = new TreeMap<>();
            for (String spec : versions) {
                Fleet.Version v = resolve(template, spec);
                if (v == null) {
                    return ec2Error(400, "InvalidLaunchTemplateId.VersionNotFound",
                            "Could not find launch template version " + spec + " for " + template.id() + ".");
                }
                chosen.put(v.number(), new Item(template, v));
            }
            items.addAll(chosen.values());
        } else {
            boolean latest = versions.contains("$Latest");
            boolean byDefault = versions.contains("$Default");
            if (versions.isEmpty() || versions.stream().anyMatch(v -> !v.startsWith("$"))) {
                return ec2Error(400, "InvalidParameterCombination",
                        "Only $Latest and $Default may be described without a launch template id or name.");
            }
            for (Fleet.Template t : fleet.templates()) {
                if (latest) {
                    items.add(new Item(t, t.versions().getLast()));
                }
                if (byDefault && !(latest && t.defaultVersion() == t.latestVersion())) {
                    items.add(new Item(t, t.version(t.defaultVersion())));
                }
            }
        }
        int max = Math.min(200, Integer.parseInt(form.getOrDefault("MaxResults", "200")));
        int from = Integer.parseInt(form.getOrDefault("NextToken", "0"));
        int to = Math.min(items.size(), from + max);
        StringBuilder xml = new StringBuilder(256 * (to - from) + 256)
                .append("<DescribeLaunchTemplateVersionsResponse xmlns=\"").append(EC2_NS).append("\">")
                .append("<requestId>").append(REQUEST_ID).append("</requestId><launchTemplateVersionSet>");
        for (Item item : items.subList(from, to)) {
            versionXml(item.template(), item.version(), xml);
        }
        xml.append("</launchTemplateVersionSet>");
        if (to < items.size()) {
            xml.append("<nextToken>").append(to).append("</nextToken>");
        }
        return Answer.xml(xml.append("</DescribeLaunchTemplateVersionsResponse>").toString());
    }

    private record Item(Fleet.Template template, Fleet.Version version) {
    }

    private static Fleet.Version resolve(Fleet.Template template, String spec) {
        return switch (spec) {
            case "$Latest" -> template.versions().getLast();
            case "$Default" -> template.version(template.defaultVersion());
            default -> {
                try {
                    yield template.version(Long.parseLong(spec));
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }

    private static void versionXml(Fleet.Template t, Fleet.Version v, StringBuilder xml) {
        xml.append("<item><createTime>2026-01-02T03:04:05.000Z</createTime>")
                .append("<createdBy>arn:aws:iam::").append(Fleet.ACCOUNT).append(":root</createdBy>")
                .append("<defaultVersion>").append(v.number() == t.defaultVersion()).append("</defaultVersion>")
                .append("<launchTemplateData><imageId>ami-0123456789abcdef0</imageId>")
                .append("<instanceType>t3.micro</instanceType>");
        if (v.httpTokens() != null || v.httpEndpoint() != null) {
            xml.append("<metadataOptions>");
            if (v.httpTokens() != null) {
                xml.append("<httpTokens>").append(v.httpTokens()).append("</httpTokens>");
            }
            xml.append("<httpPutResponseHopLimit>1</httpPutResponseHopLimit>");
            if (v.httpEndpoint() != null) {
                xml.append("<httpEndpoint>").append(v.httpEndpoint()).append("</httpEndpoint>");
            }
            xml.append("</metadataOptions>");
        }
        xml.append("</launchTemplateData>")
                .append("<launchTemplateId>").append(t.id()).append("</launchTemplateId>")
                .append("<launchTemplateName>").append(t.name()).append("</launchTemplateName>")
                .append("<versionNumber>").append(v.number()).append("</versionNumber></item>");
    }

    private static Answer ec2Error(int status, String code, String message) {
        return new Answer(status, "text/xml;charset=UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error></Errors><RequestID>" + REQUEST_ID + "</RequestID></Response>");
    }

    private static boolean isLastAttempt(String header) {
        if (header == null) {
            return false;
        }
        Map<String, String> parts = new TreeMap<>();
        for (String part : header.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2) {
                parts.put(kv[0], kv[1]);
            }
        }
        return parts.containsKey("attempt") && parts.get("attempt").equals(parts.get("max"));
    }

    // ---------------------------------------------------------- Auto Scaling

    private Answer autoScaling(String action, Map<String, String> form) {
        if (!action.equals("DescribeAutoScalingGroups")) {
            return new Answer(400, "text/xml;charset=UTF-8", "<ErrorResponse xmlns=\"" + ASG_NS + "\"><Error>"
                    + "<Type>Sender</Type><Code>InvalidAction</Code><Message>" + action + "</Message></Error>"
                    + "<RequestId>" + REQUEST_ID + "</RequestId></ErrorResponse>");
        }
        List<String> names = members(form, "AutoScalingGroupNames.member.");
        List<Fleet.Group> groups = names.isEmpty()
                ? fleet.groups()
                : fleet.groups().stream().filter(g -> names.contains(g.name())).toList();
        int max = Math.min(100, Integer.parseInt(form.getOrDefault("MaxRecords", "50")));
        int from = Integer.parseInt(form.getOrDefault("NextToken", "0"));
        int to = Math.min(groups.size(), from + max);
        StringBuilder xml = new StringBuilder(1200 * (to - from) + 256)
                .append("<DescribeAutoScalingGroupsResponse xmlns=\"").append(ASG_NS).append("\">")
                .append("<DescribeAutoScalingGroupsResult><AutoScalingGroups>");
        for (Fleet.Group g : groups.subList(from, to)) {
            groupXml(g, xml);
        }
        xml.append("</AutoScalingGroups>");
        if (to < groups.size()) {
            xml.append("<NextToken>").append(to).append("</NextToken>");
        }
        xml.append("</DescribeAutoScalingGroupsResult><ResponseMetadata><RequestId>").append(REQUEST_ID)
                .append("</RequestId></ResponseMetadata></DescribeAutoScalingGroupsResponse>");
        return Answer.xml(xml.toString());
    }

    private static void groupXml(Fleet.Group g, StringBuilder xml) {
        xml.append("<member><AutoScalingGroupName>").append(g.name()).append("</AutoScalingGroupName>")
                .append("<AutoScalingGroupARN>").append(g.arn()).append("</AutoScalingGroupARN>");
        if (g.launchConfiguration() != null) {
            xml.append("<LaunchConfigurationName>").append(g.launchConfiguration())
                    .append("</LaunchConfigurationName>");
        } else if (!g.mixed()) {
            xml.append("<LaunchTemplate>");
            specXml(g.template(), xml);
            xml.append("</LaunchTemplate>");
        } else {
            xml.append("<MixedInstancesPolicy><LaunchTemplate><LaunchTemplateSpecification>");
            specXml(g.template(), xml);
            xml.append("</LaunchTemplateSpecification><Overrides>")
                    .append("<member><InstanceType>t3.micro</InstanceType></member>");
            for (Fleet.Ref override : g.overrides()) {
                xml.append("<member><InstanceType>t3a.micro</InstanceType><LaunchTemplateSpecification>");
                specXml(override, xml);
                xml.append("</LaunchTemplateSpecification></member>");
            }
            xml.append("</Overrides></LaunchTemplate><InstancesDistribution>")
                    .append("<OnDemandAllocationStrategy>prioritized</OnDemandAllocationStrategy>")
                    .append("<OnDemandBaseCapacity>0</OnDemandBaseCapacity>")
                    .append("<OnDemandPercentageAboveBaseCapacity>50</OnDemandPercentageAboveBaseCapacity>")
                    .append("<SpotAllocationStrategy>price-capacity-optimized</SpotAllocationStrategy>")
                    .append("</InstancesDistribution></MixedInstancesPolicy>");
        }
        xml.append("<MinSize>1</MinSize><MaxSize>4</MaxSize><DesiredCapacity>2</DesiredCapacity>")
                .append("<DefaultCooldown>300</DefaultCooldown>")
                .append("<AvailabilityZones><member>us-east-1a</member><member>us-east-1b</member></AvailabilityZones>")
                .append("<HealthCheckType>EC2</HealthCheckType><CreatedTime>2026-01-02T03:04:05.000Z</CreatedTime>")
                .append("<Instances/><Tags><member><ResourceId>").append(g.name())
                .append("</ResourceId><ResourceType>auto-scaling-group</ResourceType><Key>team</Key>")
                .append("<Value>platform</Value><PropagateAtLaunch>true</PropagateAtLaunch></member></Tags>")
                .append("</member>");
    }

    /** The Auto Scaling API names a group's template by both id and name, whichever it was created with. */
    private static void specXml(Fleet.Ref ref, StringBuilder xml) {
        xml.append("<LaunchTemplateId>").append(ref.template().id()).append("</LaunchTemplateId>")
                .append("<LaunchTemplateName>").append(ref.template().name()).append("</LaunchTemplateName>");
        if (ref.version() != null) {
            xml.append("<Version>").append(ref.version()).append("</Version>");
        }
    }

    // ---------------------------------------------------------------- Config

    private Answer config(String action, JsonNode request) {
        return switch (action) {
            case "PutEvaluations" -> putEvaluations(request);
            case "GetComplianceDetailsByConfigRule" -> complianceDetails(request);
            default -> new Answer(400, "application/x-amz-json-1.1",
                    "{\"__type\":\"UnknownOperationException\",\"message\":\"" + action + "\"}");
        };
    }

    private Answer putEvaluations(JsonNode request) {
        boolean testMode = request.path("TestMode").asBoolean(false);
        Map<String, Recorded> memory = config.get();
        for (JsonNode e : request.path("Evaluations")) {
            evaluationsPut.incrementAndGet();
            if (!testMode) {
                memory.put(e.path("ComplianceResourceId").asText(), new Recorded(
                        e.path("ComplianceType").asText(), e.path("Annotation").asText(null),
                        e.path("OrderingTimestamp").asDouble()));
            }
        }
        return Answer.json("{\"FailedEvaluations\":[]}");
    }

    private Answer complianceDetails(JsonNode request) {
        String rule = request.path("ConfigRuleName").asText();
        List<String> types = new ArrayList<>();
        request.path("ComplianceTypes").forEach(t -> types.add(t.asText()));
        int limit = Math.min(100, request.path("Limit").asInt(100) == 0 ? 100 : request.path("Limit").asInt(100));
        String token = request.path("NextToken").asText(null);
        var memory = token == null ? config.get() : config.get().tailMap(token, false);
        List<Map.Entry<String, Recorded>> results = memory.entrySet().stream()
                .filter(e -> types.isEmpty() || types.contains(e.getValue().compliance()))
                .limit(limit + 1L)
                .toList();
        ObjectNode body = JSON.createObjectNode();
        ArrayNode array = body.putArray("EvaluationResults");
        for (var e : results.subList(0, Math.min(limit, results.size()))) {
            ObjectNode result = array.addObject();
            ObjectNode identifier = result.putObject("EvaluationResultIdentifier");
            ObjectNode qualifier = identifier.putObject("EvaluationResultQualifier");
            qualifier.put("ConfigRuleName", rule);
            qualifier.put("ResourceType", "AWS::AutoScaling::AutoScalingGroup");
            qualifier.put("ResourceId", e.getKey());
            identifier.put("OrderingTimestamp", e.getValue().orderingTimestamp());
            result.put("ComplianceType", e.getValue().compliance());
            result.put("ResultRecordedTime", e.getValue().orderingTimestamp());
            result.put("ConfigRuleInvokedTime", e.getValue().orderingTimestamp());
            if (e.getValue().annotation() != null) {
                result.put("Annotation", e.getValue().annotation());
            }
        }
        if (results.size() > limit) {
            body.put("NextToken", results.get(limit - 1).getKey());
        }
        return Answer.json(body.toString());
    }

    // ---------------------------------------------------------------- forms

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(key, value);
        }
        return form;
    }

    /** {@code prefix1}, {@code prefix2}, ... in order: the Query protocol's lists. */
    private static List<String> members(Map<String, String> form, String prefix) {
        List<String> values = new ArrayList<>();
        for (int i = 1; form.containsKey(prefix + i); i++) {
            values.add(form.get(prefix + i));
        }
        return values;
    }
}
