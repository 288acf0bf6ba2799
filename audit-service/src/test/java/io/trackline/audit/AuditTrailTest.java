package io.trackline.audit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Milestone;
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
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

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
        CloudEvent event = Events.create(EventType.IN_TRANSIT, "/test/carrier", tn,
                OffsetDateTime.parse("2026-11-26T09:00:00Z"),
                new Milestone(null, "ACME", "IT", "Sorted", null, null, null, null), Map.of("orderid", "o-42"));
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(event));
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(event));
        CloudEvent later = Events.create(EventType.OUT_FOR_DELIVERY, "/test/carrier", tn,
                OffsetDateTime.parse("2026-11-26T10:00:00Z"),
                new Milestone(null, null, null, null, null, null, null, null), Map.of());
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(later));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops"))
                .queryParam("trackingNumber", tn)
                .when().get("/api/v1/audit/records")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("[1].eventId", equalTo(event.id()))
                .body("[1].orderId", equalTo("o-42"))
                .body("[1].eventTime", equalTo("2026-11-26T09:00:00Z"))
                .body("[0].type", equalTo("OutForDelivery")));
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
                .body("[0].payload", equalTo("<xml>not an event</xml>")));
    }

    @Test
    void shouldRequireARoleToReadTheAuditTrail() {
        given().queryParam("trackingNumber", "TL000000000NL").when().get("/api/v1/audit/records")
                .then().statusCode(401);
        given().header("Authorization", TestTokens.bearer("ingest")).queryParam("trackingNumber", "TL000000000NL")
                .when().get("/api/v1/audit/records").then().statusCode(403);
    }
}
