package io.trackline.audit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "audit"), scope = TestResourceScope.MATCHING_RESOURCES)
class AuditTrailTest {

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldKeepEachEventOnceEvenWhenRedelivered() {
        String tn = TrackingNumbers.generate("TL", "NL");
        CloudEvent event = AuditTestSupport.milestone(EventType.IN_TRANSIT, tn, "o-42",
                OffsetDateTime.parse("2026-11-26T09:00:00Z"));
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(event));
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(event));
        CloudEvent later = AuditTestSupport.milestone(EventType.OUT_FOR_DELIVERY, tn, null,
                OffsetDateTime.parse("2026-11-26T10:00:00Z"));
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(later));
        // And once more after another event, as a producer retrying after a timeout would; then a marker on the same
        // key (so the same partition, read in order) tells when the duplicate has certainly been consumed
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(event));
        String markerTn = TrackingNumbers.generate("TL", "NL");
        CloudEvent marker = AuditTestSupport.milestone(EventType.IN_TRANSIT, markerTn, null,
                OffsetDateTime.parse("2026-11-26T11:00:00Z"));
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(marker));

        await().atMost(Duration.ofSeconds(30)).until(() -> AuditTestSupport.count(
                "SELECT count(*) FROM audit_record WHERE event_id = ?", marker.id()) == 1);
        assertThat(AuditTestSupport.count("SELECT count(*) FROM audit_record WHERE event_id = ?", event.id()))
                .isEqualTo(1);
        given().header("Authorization", TestTokens.bearer("ops"))
                .queryParam("trackingNumber", tn)
                .when().get("/api/v1/audit/records")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("[1].eventId", equalTo(event.id()))
                .body("[1].orderId", equalTo("o-42"))
                .body("[1].source", equalTo("/test/carrier"))
                .body("[1].eventTime", equalTo("2026-11-26T09:00:00Z"))
                .body("[1].recordedAt", notNullValue())
                .body("[1].payload", equalTo(EventCodec.toJson(event)))
                .body("[0].type", equalTo("OutForDelivery"));
    }

    @Test
    void shouldKeepCommunicationRecordsWhateverTheirData() {
        String tn = TrackingNumbers.generate("TL", "NL");
        CloudEvent sent = AuditTestSupport.communication("CommunicationSent", tn, "o-7",
                OffsetDateTime.parse("2026-11-26T09:00:05Z"), "EMAIL", "dispatched", "SENT");
        String unexpectedShape = """
                {"specversion":"1.0","id":"comm-%s","source":"/trackline/notification-service",
                 "type":"CommunicationFailed","subject":"%s","time":"2026-11-26T09:00:06Z","orderid":"o-7",
                 "data":{"somethingNew":[1,2,3]}}""".formatted(tn, tn);
        kafka.send(Topics.COMMUNICATIONS, tn, EventCodec.toJson(sent));
        kafka.send(Topics.COMMUNICATIONS, tn, unexpectedShape);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("customer-service"))
                .queryParam("trackingNumber", tn)
                .queryParam("kind", "COMMUNICATION")
                .when().get("/api/v1/audit/records")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("[1].type", equalTo("CommunicationSent"))
                .body("[1].kind", equalTo("COMMUNICATION"))
                .body("[1].orderId", equalTo("o-7"))
                .body("[1].kafkaTopic", equalTo(Topics.COMMUNICATIONS))
                .body("[0].type", equalTo("CommunicationFailed"))
                .body("[0].payload", equalTo(unexpectedShape)));
    }

    @Test
    void shouldKeepBinaryModeEventsWithTheirAttributeHeaders() {
        String tn = TrackingNumbers.generate("TL", "NL");
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, "{\"carrier\":\"ACME\"}", Map.of(
                "ce_specversion", "1.0", "ce_id", "binary-" + tn, "ce_source", "/test/upstream",
                "ce_type", "Dispatched", "ce_subject", tn, "ce_time", "2026-11-26T08:00:00Z", "ce_orderid", "o-b"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("management"))
                .queryParam("orderId", "o-b")
                .queryParam("trackingNumber", tn)
                .when().get("/api/v1/audit/records")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].eventId", equalTo("binary-" + tn))
                .body("[0].type", equalTo("Dispatched"))
                .body("[0].payload", equalTo("{\"carrier\":\"ACME\"}"))
                .body("[0].headers", containsString("\"ce_type\":\"Dispatched\"")));
    }

    @Test
    void shouldKeepPoisonRecordsFromTheDeadLetterTopicWithTheReason() {
        String key = "TL" + System.nanoTime() % 1_000_000_000L;
        kafka.send(Topics.SHIPMENT_LIFECYCLE, key, "<xml>not an event</xml>");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops"))
                .queryParam("trackingNumber", key)
                .when().get("/api/v1/audit/records")
                .then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].kind", equalTo("DEAD_LETTER"))
                .body("[0].reason", containsString("not valid JSON"))
                .body("[0].source", equalTo(Topics.SHIPMENT_LIFECYCLE))
                .body("[0].payload", equalTo("<xml>not an event</xml>")));
    }

    @Test
    void shouldKeepTheDeadLetterOfEachConsumerThatGaveUpOnARecordAndThoseCarryingNul() {
        String key = "TL" + System.nanoTime() % 1_000_000_000L;
        String poison = "{\"specversion\":\"1.0\",\"note\":\"nul \u0000 inside\"}";
        for (String consumer : new String[] {"tracking-projection", "notification-intake"}) {
            kafka.send(Topics.DEAD_LETTER, key, poison, Map.of("dead-letter-reason", "reason of " + consumer,
                    "dead-letter-topic", Topics.SHIPMENT_LIFECYCLE, "dead-letter-partition", "3",
                    "dead-letter-offset", "42", "dead-letter-consumer", consumer));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops"))
                .queryParam("trackingNumber", key)
                .when().get("/api/v1/audit/records")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("reason", org.hamcrest.Matchers.containsInAnyOrder("reason of tracking-projection",
                        "reason of notification-intake"))
                .body("[0].payload", containsString("nul \\u0000 inside")));
    }

    @Test
    void shouldRequireARoleToReadTheAuditTrail() {
        given().queryParam("trackingNumber", "TL000000000NL").when().get("/api/v1/audit/records")
                .then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", TestTokens.bearer("ingest")).queryParam("trackingNumber", "TL000000000NL")
                .when().get("/api/v1/audit/records").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("ingest")).when().get("/api/v1/audit/export")
                .then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("ingest"))
                .when().get("/api/v1/shipments/TL000000000NL/history").then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("customer-service")).when().get("/api/v1/audit/verify")
                .then().statusCode(403);
        given().header("Authorization", TestTokens.bearerSignedByStranger("ops")).when().get("/api/v1/audit/records")
                .then().statusCode(401);
    }
}
