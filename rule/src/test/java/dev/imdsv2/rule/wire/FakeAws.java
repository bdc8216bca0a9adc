package dev.imdsv2.rule.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A loopback AWS for wire tests: a WireMock server that answers EC2, Auto
 * Scaling and STS over the Query protocol (a form body {@code Action=...})
 * and Config over JSON 1.1 ({@code X-Amz-Target: StarlingDoveService.<Action>}),
 * with bodies and errors shaped as AWS sends them, so the real SDK clients
 * parse them as they would parse AWS.
 *
 * <p>As a JUnit 5 extension ({@code @RegisterExtension FakeAws aws = new FakeAws();})
 * it starts before each test, points the SDK at itself through system
 * properties, and stops and restores them after. As a plain helper,
 * {@link #start()} and {@link #close()} do the same; {@link #environment()}
 * gives the environment a child process ({@code java -jar rule.jar}) needs.
 *
 * <pre>{@code
 * aws.on("DescribeLaunchTemplateVersions").with("LaunchTemplateId", "lt-0123456789abcdef0")
 *         .answer(Answer.file("ec2/describe-launch-template-versions-imdsv1.xml"));
 * aws.on("PutEvaluations").answer(Answer.error(400, "ThrottlingException", "Rate exceeded"),
 *         Answer.file("config/put-evaluations-ok.json"));
 * List<Sent> puts = aws.requests("PutEvaluations");
 * }</pre>
 */
public final class FakeAws implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String ACCESS_KEY_ID = "AKIAFAKEAWSHOMEKEY01";
    public static final String SECRET_ACCESS_KEY = "fake-secret-access-key-for-wire-tests";

    private static final String CONFIG_TARGET = "StarlingDoveService.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final List<String> SDK_PROPERTIES = List.of(
            "aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken");

    private final Map<String, String> savedProperties = new HashMap<>();
    private final AtomicInteger scenarios = new AtomicInteger();
    private WireMockServer server;

    /** The AWS services FakeAws speaks for, with how each frames answers and errors. */
    public enum Service {
        EC2, AUTO_SCALING, STS, CONFIG;

        private static final Map<String, Service> BY_ACTION = Map.ofEntries(
                Map.entry("DescribeLaunchTemplateVersions", EC2),
                Map.entry("DescribeLaunchTemplates", EC2),
                Map.entry("GetInstanceMetadataDefaults", EC2),
                Map.entry("DescribeAutoScalingGroups", AUTO_SCALING),
                Map.entry("DescribeLaunchConfigurations", AUTO_SCALING),
                Map.entry("AssumeRole", STS),
                Map.entry("GetCallerIdentity", STS),
                Map.entry("PutEvaluations", CONFIG),
                Map.entry("GetComplianceDetailsByConfigRule", CONFIG),
                Map.entry("GetResourceConfigHistory", CONFIG),
                Map.entry("BatchGetResourceConfig", CONFIG));

        /** The service that serves an action. @throws IllegalArgumentException for an action FakeAws does not know */
        public static Service of(String action) {
            Service service = BY_ACTION.get(action);
            if (service == null) {
                throw new IllegalArgumentException("FakeAws does not know the action '" + action + "'; known: "
                        + String.join(", ", BY_ACTION.keySet().stream().sorted().toList()));
            }
            return service;
        }

        boolean isJson() {
            return this == CONFIG;
        }

        String contentType() {
            return switch (this) {
                case EC2 -> "text/xml;charset=UTF-8";
                case AUTO_SCALING, STS -> "text/xml";
                case CONFIG -> "application/x-amz-json-1.1";
            };
        }

        /** An error body exactly as this service frames it. */
        String errorBody(int status, String code, String message) {
            String type = status >= 500 ? "Receiver" : "Sender";
            return switch (this) {
                case EC2 -> "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + xml(code)
                        + "</Code><Message>" + xml(message) + "</Message></Error></Errors>"
                        + "<RequestID>11111111-2222-3333-4444-555555555555</RequestID></Response>";
                case AUTO_SCALING -> "<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\">"
                        + "<Error><Type>" + type + "</Type><Code>" + xml(code) + "</Code><Message>" + xml(message)
                        + "</Message></Error><RequestId>aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee</RequestId>"
                        + "</ErrorResponse>";
                case STS -> "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                        + "<Error><Type>" + type + "</Type><Code>" + xml(code) + "</Code><Message>" + xml(message)
                        + "</Message></Error><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>"
                        + "</ErrorResponse>";
                case CONFIG -> JSON.createObjectNode().put("__type", code).put("message", message).toString();
            };
        }

        private static String xml(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }

    /** One answer to one request: a body (a fixture file or text) with a status, or an AWS error. */
    public sealed interface Answer {

        /** 200 with the body of {@code test-fixtures/aws/<path>}. */
        static Answer file(String path) {
            return new Body(200, fixture(path));
        }

        /** 200 with this body, for answers a test shapes itself (times, counts). */
        static Answer text(String body) {
            return new Body(200, body);
        }

        /** An error as the service frames it: {@code error(503, "RequestLimitExceeded", "Request limit exceeded.")}. */
        static Answer error(int status, String code, String message) {
            return new Error(status, code, message);
        }

        record Body(int status, String body) implements Answer {
        }

        record Error(int status, String code, String message) implements Answer {
        }
    }

    /** A request FakeAws received, as sent on the wire. */
    public record Sent(String action, String body, Map<String, String> headers, int answeredStatus) {

        /** The form parameters of a Query protocol request, decoded, in the order sent. */
        public Map<String, String> form() {
            return parseForm(body);
        }

        /** The body of a JSON protocol request. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("request body of " + action + " is not JSON: " + body, e);
            }
        }

        /** The access key id the request was signed with, from its {@code Authorization} header. */
        public String accessKeyId() {
            Matcher m = CREDENTIAL.matcher(headers.getOrDefault("Authorization", ""));
            return m.find() ? m.group(1) : null;
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A stub being written: an action, optionally narrowed by parameters, then its answers. */
    public final class Stub {
        private final String action;
        private final Service service;
        private final Map<String, String> params = new LinkedHashMap<>();
        private final List<String> absentParams = new ArrayList<>();

        private Stub(String action) {
            this.action = action;
            this.service = Service.of(action);
        }

        /**
         * Only requests carrying this parameter with this value: a form parameter
         * (decoded, e.g. {@code with("LaunchTemplateVersion.1", "$Latest")}) for the
         * Query protocol, a top-level field for JSON.
         */
        public Stub with(String name, String value) {
            params.put(name, value);
            return this;
        }

        /** Only requests without this parameter (a first page: no {@code NextToken}). */
        public Stub without(String name) {
            absentParams.add(name);
            return this;
        }

        /** Answers every matching request so. */
        public void answer(Answer answer) {
            server.stubFor(matching().willReturn(response(answer)));
        }

        /** Answers matching requests in turn; the last answer repeats (throttled, then OK). */
        public void answer(Answer first, Answer... then) {
            List<Answer> answers = new ArrayList<>();
            answers.add(first);
            answers.addAll(Arrays.asList(then));
            String scenario = action + "#" + scenarios.incrementAndGet();
            for (int i = 0; i < answers.size(); i++) {
                ScenarioMappingBuilder mapping = matching()
                        .inScenario(scenario)
                        .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer " + i);
                if (i + 1 < answers.size()) {
                    mapping = mapping.willSetStateTo("answer " + (i + 1));
                }
                server.stubFor(mapping.willReturn(response(answers.get(i))));
            }
        }

        private MappingBuilder matching() {
            MappingBuilder mapping = post(anyUrl());
            if (service.isJson()) {
                mapping = mapping.withHeader("X-Amz-Target", equalTo(CONFIG_TARGET + action));
                for (var p : params.entrySet()) {
                    mapping = mapping.withRequestBody(matchingJsonPath("$." + p.getKey(), equalTo(p.getValue())));
                }
                for (String name : absentParams) {
                    mapping = mapping.withRequestBody(notContaining("\"" + name + "\""));
                }
            } else {
                mapping = mapping.withRequestBody(containing("Action=" + action + "&"));
                for (var p : params.entrySet()) {
                    mapping = mapping.withFormParam(p.getKey(), equalTo(p.getValue()));
                }
                for (String name : absentParams) {
                    mapping = mapping.withFormParam(name, absent());
                }
            }
            // The narrower stub wins over the broader one, whatever the order they were written in.
            return mapping.atPriority(10 - Math.min(9, params.size() + absentParams.size()));
        }

        private ResponseDefinitionBuilder response(Answer answer) {
            return switch (answer) {
                case Answer.Body body -> aResponse()
                        .withStatus(body.status())
                        .withHeader("Content-Type", service.contentType())
                        .withBody(body.body());
                case Answer.Error error -> aResponse()
                        .withStatus(error.status())
                        .withHeader("Content-Type", service.contentType())
                        .withBody(service.errorBody(error.status(), error.code(), error.message()));
            };
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Starts the server on a free loopback port and points the SDK at it. */
    public FakeAws start() {
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .notifier(new ConsoleNotifier(false)));
        server.start();
        stubUnknownRequests();
        for (String property : SDK_PROPERTIES) {
            savedProperties.put(property, System.getProperty(property));
        }
        System.setProperty("aws.endpointUrl", endpoint());
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
        System.clearProperty("aws.sessionToken");
        return this;
    }

    /** Stops the server and restores the SDK system properties as they were. */
    @Override
    public void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
        savedProperties.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
        savedProperties.clear();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The environment a child process needs to talk to this server with the standard SDK settings. */
    public Map<String, String> environment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint(),
                "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", ACCESS_KEY_ID,
                "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
    }

    /** Begins a stub for an action, e.g. {@code on("DescribeAutoScalingGroups")}. */
    public Stub on(String action) {
        return new Stub(action);
    }

    /** Every request received, oldest first. */
    public List<Sent> requests() {
        List<Sent> sent = new ArrayList<>();
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        for (ServeEvent event : events.reversed()) {
            var request = event.getRequest();
            Map<String, String> headers = new LinkedHashMap<>();
            request.getHeaders().all().forEach(h -> headers.put(h.key(), h.firstValue()));
            LoggedResponse response = event.getResponse();
            sent.add(new Sent(actionOf(request.getBodyAsString(), headers), request.getBodyAsString(), headers,
                    response == null ? 0 : response.getStatus()));
        }
        return sent;
    }

    /** The requests of one action, oldest first, retries included. */
    public List<Sent> requests(String action) {
        return requests().stream().filter(s -> action.equals(s.action())).toList();
    }

    public int count(String action) {
        return requests(action).size();
    }

    /** Forgets stubs and received requests. */
    public void reset() {
        server.resetAll();
        stubUnknownRequests();
    }

    /** The WireMock server itself, for what this class does not offer. */
    public WireMockServer server() {
        return server;
    }

    /** The text of {@code test-fixtures/aws/<path>}. */
    public static String fixture(String path) {
        Path file = fixturesDir().resolve("aws").resolve(path);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read AWS answer fixture " + file.toAbsolutePath(), e);
        }
    }

    /** {@code test-fixtures/}: the {@code fixtures.dir} property under Maven, else found from the working directory. */
    public static Path fixturesDir() {
        String configured = System.getProperty("fixtures.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("test-fixtures"))) {
                return dir.resolve("test-fixtures");
            }
        }
        throw new IllegalStateException("no test-fixtures directory above " + here);
    }

    /**
     * Known actions without a stub answer with an error naming what was asked,
     * in the service's own error shape, so a missing stub fails loudly and legibly.
     */
    private void stubUnknownRequests() {
        for (Service service : Service.values()) {
            Service.BY_ACTION.forEach((action, owner) -> {
                if (owner == service) {
                    MappingBuilder mapping = service.isJson()
                            ? post(anyUrl()).withHeader("X-Amz-Target", equalTo(CONFIG_TARGET + action))
                            : post(anyUrl()).withRequestBody(containing("Action=" + action + "&"));
                    server.stubFor(mapping.atPriority(100).willReturn(aResponse()
                            .withStatus(400)
                            .withHeader("Content-Type", service.contentType())
                            .withBody(service.errorBody(400, "FakeAwsNoStub",
                                    "FakeAws has no stub for this " + action + " request"))));
                }
            });
        }
    }

    private static String actionOf(String body, Map<String, String> headers) {
        for (var header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase("X-Amz-Target") && header.getValue().startsWith(CONFIG_TARGET)) {
                return header.getValue().substring(CONFIG_TARGET.length());
            }
        }
        return parseForm(body).get("Action");
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty() || body.startsWith("{")) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            form.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return form;
    }
}
