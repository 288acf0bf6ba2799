package io.trackline.systemtests;

import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * What the scenario tests share: the stack (started once for all of them, see {@link TracklineStack}) and a Kafka
 * producer that stands in for the upstream systems publishing to the lifecycle topic.
 */
abstract class SystemTest {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    static TracklineStack stack;
    static KafkaTestClient upstream;

    @BeforeAll
    static void startStackAndUpstream() {
        stack = TracklineStack.get();
        upstream = new KafkaTestClient(stack.bootstrapServers());
    }

    /** The shipment's 12-month record in audit-service, oldest first. */
    static List<Map<String, Object>> auditHistory(String trackingNumber) {
        return given().baseUri(stack.url("audit")).header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + trackingNumber + "/history")
                .then().statusCode(200).extract().jsonPath().getList("entries");
    }

    @AfterAll
    static void closeUpstream() {
        if (upstream != null) {
            upstream.close();
            upstream = null;
        }
    }
}
