package io.trackline.tracking;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.Item;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.testing.ArrivalOrders;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import io.trackline.tracking.messaging.LifecycleConsumer;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "tracking"), scope = TestResourceScope.MATCHING_RESOURCES)
class ShipmentProjectionTest {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-26T08:00:00Z");
    private static KafkaTestClient kafka;

    @Inject
    LifecycleConsumer consumer;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldShowAConfirmedShipmentOnceOrderConfirmedArrives() {
        String tn = TrackingNumbers.generate("TL", "NL");
        publish(confirmed(tn));
        awaitStatus(tn, "CONFIRMED");
        given().header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn)
                .then().statusCode(200)
                .body("estimatedDelivery", equalTo("2026-12-01"))
                .body("timeline", hasSize(1))
                .body("timeline[0].type", equalTo("OrderConfirmed"));
    }

    @Test
    void shouldNotRegressStatusWhenOlderEventArrivesLateAndIgnoreDuplicates() {
        String tn = TrackingNumbers.generate("TL", "NL");
        publish(confirmed(tn));
        CloudEvent inTransit = milestone(EventType.IN_TRANSIT, tn, T0.plusHours(5));
        publish(inTransit);
        publish(inTransit);
        publish(inTransit);
        publish(milestone(EventType.DISPATCHED, tn, T0.plusHours(1)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn)
                .then().statusCode(200)
                .body("timeline", hasSize(3))
                .body("status", equalTo("IN_TRANSIT"))
                .body("timeline.type", equalTo(List.of("OrderConfirmed", "Dispatched", "InTransit"))));
    }

    @Test
    void shouldTakeUpInOneBatchTheEventsItParkedBeforeTheOrderAndFindTheShipmentItCreated() {
        // one batch as the consumer runs it (one poll): prefetch, then every event, in one transaction
        String early = TrackingNumbers.generate("TL", "NL");
        String ordered = TrackingNumbers.generate("TL", "NL");
        List<CloudEvent> batch = List.of(milestone(EventType.DISPATCHED, early, T0.plusHours(1)),
                milestone(EventType.IN_TRANSIT, early, T0.plusHours(5)), confirmed(early), confirmed(ordered),
                milestone(EventType.DISPATCHED, ordered, T0.plusHours(2)));
        consumer.consume(ArrivalOrders.records(batch));
        given().header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + early)
                .then().statusCode(200).body("status", equalTo("IN_TRANSIT"))
                .body("timeline.type", equalTo(List.of("OrderConfirmed", "Dispatched", "InTransit")))
                .body("etaHistory", hasSize(1));
        given().header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + ordered)
                .then().statusCode(200).body("status", equalTo("DISPATCHED")).body("timeline", hasSize(2));
        assertThat(QuarkusTransaction.requiringNew().call(() -> PendingEvent.count("trackingNumber", early)))
                .isZero();
    }

    @Test
    void shouldApplyMilestonesThatCameBeforeTheOrderOnceItArrivesOverKafka() {
        // the same through the consumer: in one poll or several, the outcome is the same
        String tn = TrackingNumbers.generate("TL", "NL");
        String other = TrackingNumbers.generate("TL", "NL");
        publish(milestone(EventType.DISPATCHED, tn, T0.plusHours(1)));
        publish(milestone(EventType.IN_TRANSIT, tn, T0.plusHours(5)));
        publish(confirmed(other));
        publish(confirmed(tn));
        publish(milestone(EventType.DISPATCHED, other, T0.plusHours(2)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn)
                .then().statusCode(200)
                .body("status", equalTo("IN_TRANSIT"))
                .body("timeline.type", equalTo(List.of("OrderConfirmed", "Dispatched", "InTransit")))
                .body("etaHistory", hasSize(1))
                .body("etaHistory[0].estimatedDelivery", equalTo("2026-12-01")));
        awaitStatus(other, "DISPATCHED");
        given().header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + other)
                .then().statusCode(200).body("timeline", hasSize(2)).body("etaHistory", hasSize(1));
    }

    @Test
    void shouldLetTheFurtherMilestoneWinAtTheSameInstantEvenWithNanoseconds() {
        String tn = TrackingNumbers.generate("TL", "NL");
        OffsetDateTime sameInstant = OffsetDateTime.parse("2026-11-26T10:00:00.123456789Z");
        publish(confirmed(tn));
        publish(milestone(EventType.IN_TRANSIT, tn, sameInstant));
        publish(milestone(EventType.DISPATCHED, tn, sameInstant));
        String other = TrackingNumbers.generate("TL", "NL");
        publish(confirmed(other));
        publish(milestone(EventType.DISPATCHED, other, sameInstant));
        publish(milestone(EventType.IN_TRANSIT, other, sameInstant));
        for (String shipment : List.of(tn, other)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                    .header("Authorization", TestTokens.bearer("ops"))
                    .when().get("/api/v1/shipments/" + shipment)
                    .then().body("timeline", hasSize(3)).body("status", equalTo("IN_TRANSIT")));
        }
    }

    @Test
    void shouldMoveAConfirmedShipmentOnEvenWhenTheCarriersClockIsBehind() {
        String tn = TrackingNumbers.generate("TL", "NL");
        publish(confirmed(tn));
        publish(milestone(EventType.DISPATCHED, tn, T0.minusMinutes(10)));
        awaitStatus(tn, "DISPATCHED");
    }

    @Test
    void shouldKeepTheRecipientWhenASecondDeliveredComesWithoutOne() {
        String tn = TrackingNumbers.generate("TL", "NL");
        publish(confirmed(tn));
        publish(Events.create(EventType.DELIVERED, "/test/carrier", tn, T0.plusHours(3),
                new Milestone(null, null, null, null, null, null, "J. Smith", null), Map.of()));
        publish(Events.create(EventType.DELIVERED, "/test/carrier", tn, T0.plusHours(4),
                new Milestone(null, null, null, null, null, null, null, null), Map.of()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().body("timeline", hasSize(3)).body("delivery.recipientName", equalTo("J. Smith"))
                .body("delivery.deliveredAt", equalTo("2026-11-26T11:00:00Z")));
    }

    @Test
    void shouldKeepDeliveredFinal() {
        String tn = TrackingNumbers.generate("TL", "NL");
        publish(confirmed(tn));
        publish(milestone(EventType.DELIVERED, tn, T0.plusHours(3)));
        publish(milestone(EventType.OUT_FOR_DELIVERY, tn, T0.plusHours(4)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn)
                .then().body("timeline", hasSize(3)).body("status", equalTo("DELIVERED")));
    }

    @Test
    void shouldReadStructuredModeWithItsContentTypeAndBinaryMode() {
        String tn = TrackingNumbers.generate("TL", "NL");
        CloudEvent order = confirmed(tn);
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(order),
                Map.of("content-type", "application/cloudevents+json"));
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, "{\"description\": \"Left the warehouse\"}", Map.of(
                "ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/carrier/acme",
                "ce_type", "Dispatched", "ce_subject", tn, "ce_time", "2026-11-26T09:00:00Z",
                "content-type", "application/json"));
        awaitStatus(tn, "DISPATCHED");
    }

    @Test
    void shouldSendPoisonRecordsToTheDeadLetterTopicAndKeepConsuming() {
        String key = "poison-" + UUID.randomUUID();
        kafka.send(Topics.SHIPMENT_LIFECYCLE, key, "{this is not json");
        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER, r -> key.equals(r.key()), 1,
                Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("not valid JSON");

        String tn = TrackingNumbers.generate("TL", "NL");
        publish(confirmed(tn));
        awaitStatus(tn, "CONFIRMED");
    }

    @Test
    void shouldDeadLetterUnknownTypesAndSchemaViolationsWithTheReason() {
        String tn = TrackingNumbers.generate("TL", "NL");
        publish(confirmed(tn));
        awaitStatus(tn, "CONFIRMED");
        CloudEvent teleported = new CloudEvent(UUID.randomUUID().toString(), "/test/carrier", "Teleported", tn,
                T0.plusHours(1), null, EventCodec.mapper().createObjectNode(), Map.of());
        CloudEvent wrongData = Events.create(EventType.IN_TRANSIT, "/test/carrier", tn, T0.plusHours(2),
                Map.of("location", Map.of("country", "Netherlands")), Map.of());
        publish(teleported);
        publish(wrongData);
        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER,
                r -> tn.equals(r.key()), 2, Duration.ofSeconds(30));
        assertThat(dead).hasSize(2);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("unknown event type 'Teleported'");
        assertThat(KafkaTestClient.header(dead.get(1), "dead-letter-reason")).contains("violates its schema")
                .contains("country");
        given().header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().body("status", equalTo("CONFIRMED")).body("timeline", hasSize(1));
    }

    @Test
    void shouldListShipmentsByStatusExceptionAndLastChange() {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        String quiet = TrackingNumbers.generate("TL", "NL");
        String troubled = TrackingNumbers.generate("TL", "NL");
        publish(confirmed(quiet));
        publish(confirmed(troubled));
        publish(Events.create(EventType.EXCEPTION_RAISED, "/test/carrier", troubled, T0.plusHours(1),
                Map.of("reason", "CUSTOMS", "source", "REPORTED"), Map.of()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops"))
                .queryParam("hasException", true).queryParam("updatedSince", before.toString())
                .when().get("/api/v1/shipments")
                .then().statusCode(200)
                .body("items.trackingNumber", org.hamcrest.Matchers.hasItem(troubled))
                .body("items.trackingNumber", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(quiet))));
        given().header("Authorization", TestTokens.bearer("ops"))
                .queryParam("status", "CONFIRMED").queryParam("hasException", false)
                .queryParam("updatedSince", before.toString()).queryParam("size", 200)
                .when().get("/api/v1/shipments")
                .then().statusCode(200)
                .body("items.trackingNumber", org.hamcrest.Matchers.hasItem(quiet))
                .body("items.trackingNumber", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(troubled)));
        given().header("Authorization", TestTokens.bearer("ops")).queryParam("status", "LOST")
                .queryParam("size", 0).when().get("/api/v1/shipments")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("status", "size"));
    }

    private static void awaitStatus(String tn, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn)
                .then().statusCode(200).body("status", equalTo(status)));
    }

    private static void publish(CloudEvent event) {
        kafka.send(Topics.SHIPMENT_LIFECYCLE, event.subject(), EventCodec.toJson(event));
    }

    static CloudEvent confirmed(String tn) {
        return TrackingTestData.confirmed(tn, T0);
    }

    static CloudEvent milestone(EventType type, String tn, OffsetDateTime time) {
        return TrackingTestData.milestone(type, tn, time);
    }
}
