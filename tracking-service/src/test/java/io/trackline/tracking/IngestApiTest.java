package io.trackline.tracking;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import io.trackline.tracking.service.PendingEventExpiry;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.StringJoiner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "tracking"), scope = TestResourceScope.MATCHING_RESOURCES)
class IngestApiTest {

    private static KafkaTestClient kafka;

    @Inject
    PendingEventExpiry pendingExpiry;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldAcceptAManualUpdateAndRecordWhoMadeIt() {
        String tn = confirmedShipment();
        String eventId = given().header("Authorization", TestTokens.bearer("ops")).contentType(ContentType.JSON)
                .body("""
                        {"type": "Dispatched", "occurredAt": "%s",
                         "location": {"facility": "DC Tilburg", "city": "Tilburg", "country": "NL",
                                      "latitude": 51.56, "longitude": 5.09},
                         "carrier": "ACME", "carrierStatusCode": "DEP", "description": "Left the warehouse",
                         "estimatedDelivery": "2026-12-02"}""".formatted(now()))
                .when().post("/api/v1/shipments/" + tn + "/events")
                .then().statusCode(202).body("eventId", notNullValue()).extract().path("eventId");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("customer-service"))
                .when().get("/api/v1/shipments/" + tn)
                .then().statusCode(200)
                .body("status", equalTo("DISPATCHED"))
                .body("lastLocation", equalTo("DC Tilburg, Tilburg, NL"))
                .body("estimatedDelivery", equalTo("2026-12-02"))
                .body("etaHistory.estimatedDelivery", equalTo(List.of("2026-12-01", "2026-12-02")))
                .body("timeline.find { it.eventId == '" + eventId + "' }.data.recordedBy", equalTo("test-ops")));
    }

    @Test
    void shouldRejectInvalidEventsWithEveryReason() {
        String future = OffsetDateTime.now(ZoneOffset.UTC).plusHours(2).toString();
        given().header("Authorization", TestTokens.bearer("ingest")).contentType(ContentType.JSON)
                .body("{\"type\": \"Teleported\", \"occurredAt\": \"" + future + "\","
                        + " \"location\": {\"country\": \"Narnia\", \"latitude\": 91}}")
                .when().post("/api/v1/shipments/TL123456789NL/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("trackingNumber", "type", "occurredAt", "location.country",
                        "location.latitude", "location"));
        given().header("Authorization", TestTokens.bearer("ingest")).contentType(ContentType.JSON)
                .body("{\"type\": \"ExceptionRaised\", \"occurredAt\": \"" + now() + "\", \"reason\": \"ALIENS\"}")
                .when().post("/api/v1/shipments/" + TrackingNumbers.generate("TL", "NL") + "/events")
                .then().statusCode(400).body("errors.field", hasItem("reason"));
        given().header("Authorization", TestTokens.bearer("customer-service")).contentType(ContentType.JSON)
                .body("{}").when().post("/api/v1/shipments/" + TrackingNumbers.generate("TL", "NL") + "/events")
                .then().statusCode(403);
    }

    @Test
    void shouldPublishTheValidRowsOfABatchAndSayWhichFailedAndWhy() {
        String tn = confirmedShipment();
        String body = """
                {"events": [
                  {"trackingNumber": "%1$s", "type": "Dispatched", "occurredAt": "%2$s"},
                  {"trackingNumber": "TL000000000XX", "type": "InTransit", "occurredAt": "%2$s"},
                  {"trackingNumber": "%1$s", "type": "InTransit", "occurredAt": "yesterday"},
                  {"trackingNumber": "%1$s", "id": "carrier-evt-%3$s", "type": "InTransit", "occurredAt": "%2$s",
                   "location": {"city": "Utrecht", "country": "NL"}}
                ]}""".formatted(tn, now(), System.nanoTime());
        given().header("Authorization", TestTokens.bearer("ingest")).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/shipments/events")
                .then().statusCode(202)
                .body("accepted.index", equalTo(List.of(0, 3)))
                .body("rejected.index", equalTo(List.of(1, 2)))
                .body("rejected[0].errors.field", hasItem("trackingNumber"))
                .body("rejected[1].errors.field", hasItem("occurredAt"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().body("timeline", hasSize(3)).body("status", equalTo("IN_TRANSIT")));
    }

    @Test
    void shouldRefuseABatchOfMoreThanAThousandEvents() {
        StringJoiner events = new StringJoiner(",", "{\"events\": [", "]}");
        for (int i = 0; i < 1001; i++) {
            events.add("{\"trackingNumber\": \"TL000000000NL\", \"type\": \"InTransit\"}");
        }
        given().header("Authorization", TestTokens.bearer("ingest")).contentType(ContentType.JSON)
                .body(events.toString()).when().post("/api/v1/shipments/events")
                .then().statusCode(400).body("detail", containsString("at most 1000"));
    }

    @Test
    void shouldHoldEventsForAnUnknownShipmentUntilItsOrderArrives() {
        String tn = TrackingNumbers.generate("TL", "NL");
        given().header("Authorization", TestTokens.bearer("ingest")).contentType(ContentType.JSON)
                .body("{\"type\": \"Dispatched\", \"occurredAt\": \"" + now() + "\"}")
                .when().post("/api/v1/shipments/" + tn + "/events").then().statusCode(202);
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().statusCode(404));
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(tn, OffsetDateTime.now(ZoneOffset.UTC)
                .minusHours(1)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().statusCode(200).body("status", equalTo("DISPATCHED")).body("timeline", hasSize(2)));
    }

    @Test
    void shouldDeadLetterEventsWhoseShipmentStaysUnknownPastTheGracePeriod() {
        String tn = TrackingNumbers.generate("TL", "NL");
        String eventId = given().header("Authorization", TestTokens.bearer("ingest")).contentType(ContentType.JSON)
                .body("{\"type\": \"InTransit\", \"occurredAt\": \"" + now() + "\"}")
                .when().post("/api/v1/shipments/" + tn + "/events").then().statusCode(202)
                .extract().path("eventId");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            pendingExpiry.expire(Instant.now().plus(Duration.ofMinutes(11)));
            return !kafka.await(Topics.DEAD_LETTER, r -> tn.equals(r.key()), 1, Duration.ofMillis(500)).isEmpty();
        });
        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER, r -> tn.equals(r.key()), 1,
                Duration.ofSeconds(5));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).contains(eventId);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("unknown tracking number");
    }

    private static String confirmedShipment() {
        String tn = TrackingNumbers.generate("TL", "NL");
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(tn,
                OffsetDateTime.now(ZoneOffset.UTC).minusHours(1)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().statusCode(200));
        return tn;
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5).toString();
    }
}
