package dev.imdsv2.rule.evidence;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A loopback AWS Config for the evidence export's tests: WireMock answering
 * JSON 1.1 ({@code X-Amz-Target: StarlingDoveService.<Operation>}) with
 * bodies from {@code test-fixtures/evidence/} and errors framed as Config
 * frames them ({@code __type}). The SDK finds it through the system
 * properties the standard resolution reads ({@code aws.endpointUrl},
 * {@code aws.region}, fake credentials); nothing in the code under test
 * names an endpoint.
 *
 * <p>Kept here rather than in the shared FakeAws, which does not speak the
 * aggregator operations.
 */
final class ConfigWire implements BeforeEachCallback, AfterEachCallback {

    static final String REGION = "us-east-1";
    private static final String TARGET = "StarlingDoveService.";
    private static final String JSON_TYPE = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROPERTIES =
            List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken");

    private final Map<String, String> saved = new HashMap<>();
    private WireMockServer server;
    private int scenarios;

    @Override
    public void beforeEach(ExtensionContext context) {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        PROPERTIES.forEach(p -> saved.put(p, System.getProperty(p)));
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + server.port());
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.accessKeyId", "AKIAEVIDENCETESTKEY1");
        System.setProperty("aws.secretAccessKey", "evidence-test-secret");
        System.clearProperty("aws.sessionToken");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.stop();
        saved.forEach((p, v) -> {
            if (v == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, v);
            }
        });
    }

    /** Answers an operation (optionally only requests whose JSON matches every path condition) with a fixture. */
    void answer(String operation, String fixture, String... jsonPathConditions) {
        server.stubFor(request(operation, jsonPathConditions).willReturn(ok(fixture(fixture))));
    }

    /** Answers an operation with a Config error. */
    void fail(String operation, int status, String code, String message, String... jsonPathConditions) {
        server.stubFor(request(operation, jsonPathConditions).willReturn(error(status, code, message)));
    }

    /** Answers first with an error, then with the fixture: what throttling looks like from the client. */
    void failOnceThenAnswer(String operation, String code, String fixture, String... jsonPathConditions) {
        String scenario = "scenario-" + scenarios++;
        server.stubFor(request(operation, jsonPathConditions)
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(400, code, "Rate exceeded"))
                .willSetStateTo("answered"));
        server.stubFor(request(operation, jsonPathConditions)
                .inScenario(scenario)
                .whenScenarioStateIs("answered")
                .willReturn(ok(fixture(fixture))));
    }

    /** The JSON bodies of the requests sent for an operation, in order. */
    List<JsonNode> requests(String operation) {
        return server.findAll(postRequestedFor(urlEqualTo("/"))
                        .withHeader("X-Amz-Target", equalTo(TARGET + operation)))
                .stream()
                .map(ConfigWire::body)
                .toList();
    }

    static Path fixtures() {
        return Path.of(System.getProperty("fixtures.dir", "../test-fixtures")).resolve("evidence");
    }

    static String fixture(String name) {
        try {
            return Files.readString(fixtures().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("no fixture test-fixtures/evidence/" + name, e);
        }
    }

    private static MappingBuilder request(String operation, String... jsonPathConditions) {
        MappingBuilder mapping = post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(TARGET + operation));
        for (String condition : jsonPathConditions) {
            mapping = mapping.withRequestBody(matchingJsonPath(condition));
        }
        return mapping;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", JSON_TYPE).withBody(body);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(
            int status, String code, String message) {
        String body = JSON.createObjectNode().put("__type", code).put("message", message).toString();
        return aResponse().withStatus(status).withHeader("Content-Type", JSON_TYPE)
                .withHeader("x-amzn-ErrorType", code).withBody(body);
    }

    private static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
