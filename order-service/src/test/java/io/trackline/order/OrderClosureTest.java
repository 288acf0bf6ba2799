package io.trackline.order;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.FeedbackReceived;
import io.trackline.events.data.Milestone;
import io.trackline.order.service.OrderLifecycle;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestDatabases;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class OrderClosureTest {

    private static KafkaTestClient kafka;

    @Inject
    OrderLifecycle lifecycle;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldCloseOnceTheCustomerAcceptsTheDelivery() {
        Response order = OrderApi.confirmNew();
        String id = order.path("id");
        String tn = order.path("trackingNumber");
        publish(EventType.DELIVERED, tn, new Milestone(null, null, null, null, null, null, "Ada", null));
        awaitStatus(id, "DELIVERED");
        publish(EventType.FEEDBACK_RECEIVED, tn, new FeedbackReceived(5, "Great", true));
        awaitStatus(id, "CLOSED");
        OrderApi.get(id).then().body("closeReason", equalTo("ACCEPTED_BY_CUSTOMER"));

        List<ConsumerRecord<String, String>> closed = kafka.await(Topics.SHIPMENT_LIFECYCLE,
                r -> tn.equals(r.key()) && r.value().contains("\"OrderClosed\""), 1, Duration.ofSeconds(20));
        assertThat(closed).hasSize(1);
        CloudEvent event = EventCodec.fromJson(closed.get(0).value());
        assertThat(EventValidator.instance().problems(event)).isEmpty();
        assertThat(event.data().get("reason").asText()).isEqualTo("ACCEPTED_BY_CUSTOMER");
    }

    @Test
    void shouldCloseAfterTheQuietPeriodButNeverWhileAnExceptionIsOpen() {
        Response order = OrderApi.confirmNew();
        String id = order.path("id");
        String tn = order.path("trackingNumber");
        CloudEvent raised = publish(EventType.EXCEPTION_RAISED, tn, new ExceptionRaised(null,
                ExceptionReason.DAMAGED, ExceptionSource.REPORTED, "Box dented", null, null, null, List.of()));
        publish(EventType.DELIVERED, tn, new Milestone(null, null, null, null, null, null, null, null));
        awaitStatus(id, "DELIVERED");

        Instant longAfter = Instant.now().plus(Duration.ofDays(30));
        lifecycle.closeQuietOrders(longAfter);
        OrderApi.get(id).then().body("status", equalTo("DELIVERED"));

        publish(EventType.EXCEPTION_RESOLVED, tn, new ExceptionResolved("case-1", raised.id(),
                ExceptionResolved.Resolution.RESOLVED_BY_OPS, "Replacement accepted", "ops-1"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            lifecycle.closeQuietOrders(longAfter);
            OrderApi.get(id).then().body("status", equalTo("CLOSED"))
                    .body("closeReason", equalTo("QUIET_PERIOD_PASSED"));
        });
    }

    @Test
    void shouldKeepApartTheExceptionsOfTwoCarriersThatUseTheSameId() {
        Response firstOrder = OrderApi.confirmNew();
        Response secondOrder = OrderApi.confirmNew();
        String first = firstOrder.path("trackingNumber");
        String second = secondOrder.path("trackingNumber");
        String sameId = "1-" + java.util.UUID.randomUUID();
        publish(sameIdFrom(event(EventType.EXCEPTION_RAISED, first, new ExceptionRaised(null, ExceptionReason.WEATHER,
                ExceptionSource.REPORTED, "Storm", null, null, null, List.of())), sameId, "/ingest/carrier-a"));
        publish(sameIdFrom(event(EventType.EXCEPTION_RAISED, second, new ExceptionRaised(null,
                ExceptionReason.DAMAGED, ExceptionSource.REPORTED, "Dented", null, null, null, List.of())), sameId,
                "/ingest/carrier-b"));
        // the first carrier's exception is resolved; the second shipment's stays open and keeps its order open
        publish(EventType.EXCEPTION_RESOLVED, first, new ExceptionResolved("case-1", sameId,
                ExceptionResolved.Resolution.SHIPMENT_MOVED_ON, "moved on", "system"));
        publish(EventType.DELIVERED, first, new Milestone(null, null, null, null, null, null, "Ada", null));
        publish(EventType.DELIVERED, second, new Milestone(null, null, null, null, null, null, "Bob", null));
        awaitStatus(firstOrder.path("id"), "DELIVERED");
        awaitStatus(secondOrder.path("id"), "DELIVERED");

        Instant longAfter = Instant.now().plus(Duration.ofDays(30));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            lifecycle.closeQuietOrders(longAfter);
            OrderApi.get(firstOrder.path("id")).then().body("status", equalTo("CLOSED"));
        });
        OrderApi.get(secondOrder.path("id")).then().body("status", equalTo("DELIVERED"));
    }

    private static CloudEvent sameIdFrom(CloudEvent event, String id, String source) {
        return new CloudEvent(id, source, event.type(), event.subject(), event.time(), event.dataschema(),
                event.data(), event.extensions());
    }

    @Test
    void shouldCloseTheOrderWhenTheResolutionArrivedBeforeItsException() {
        Response order = OrderApi.confirmNew();
        String id = order.path("id");
        String tn = order.path("trackingNumber");
        // two producers publish independently: the resolution can overtake the exception it names
        CloudEvent raised = event(EventType.EXCEPTION_RAISED, tn, new ExceptionRaised(null, ExceptionReason.WEATHER,
                ExceptionSource.REPORTED, "Storm", null, null, null, List.of()));
        publish(event(EventType.EXCEPTION_RESOLVED, tn, new ExceptionResolved("case-1", raised.id(),
                ExceptionResolved.Resolution.SHIPMENT_MOVED_ON, "moved on", "system")));
        publish(raised);
        publish(EventType.DELIVERED, tn, new Milestone(null, null, null, null, null, null, "Ada", null));
        publish(EventType.FEEDBACK_RECEIVED, tn, new FeedbackReceived(5, "Fine", true));
        awaitStatus(id, "CLOSED");
        OrderApi.get(id).then().body("closeReason", equalTo("ACCEPTED_BY_CUSTOMER"));
    }

    @Test
    void shouldClaimOnlyTheTypesItFollowsAndDeadLetterATypeOutsideTheContract() throws SQLException {
        Response order = OrderApi.confirmNew();
        String id = order.path("id");
        String tn = order.path("trackingNumber");
        CloudEvent inTransit = publish(EventType.IN_TRANSIT, tn,
                new Milestone(null, "ACME", null, "On its way", null, null, null, null));
        CloudEvent unknown = publish(new CloudEvent(UUID.randomUUID().toString(), "/test/upstream", "ParcelTeleported",
                tn, OffsetDateTime.now(ZoneOffset.UTC), null, EventCodec.toDataNode(Map.of("to", "Mars")), Map.of()));
        CloudEvent delivered = publish(EventType.DELIVERED, tn,
                new Milestone(null, null, null, null, null, null, "Ada", null));
        awaitStatus(id, "DELIVERED");
        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER,
                r -> tn.equals(r.key()) && r.value().contains(unknown.id())
                        && "order-lifecycle".equals(KafkaTestClient.header(r, "dead-letter-consumer")),
                1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason"))
                .contains("unknown event type 'ParcelTeleported'");
        // the same partition, in order: InTransit was read before Delivered, and left alone (order-service does not
        // follow it), so it holds no row of order-service's processed events
        assertThat(processedByOrderService(delivered.key())).isTrue();
        assertThat(processedByOrderService(inTransit.key())).isFalse();
    }

    private static boolean processedByOrderService(String key) throws SQLException {
        try (Connection connection = TestDatabases.connect(TracklineTestEnvironment.database());
                var query = connection.prepareStatement(
                        "SELECT 1 FROM processed_event WHERE consumer = 'order-lifecycle' AND event_id = ?")) {
            query.setString(1, key);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    @Test
    void shouldDeadLetterAnEventThatFailsItsSchemaInsteadOfActingOnIt() {
        Response order = OrderApi.confirmNew();
        String id = order.path("id");
        String tn = order.path("trackingNumber");
        CloudEvent badDelivery = publish(event(EventType.DELIVERED, tn,
                Map.of("location", Map.of("country", "Netherlands"))));
        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER,
                r -> tn.equals(r.key()) && r.value().contains(badDelivery.id()), 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("violates its schema")
                .contains("country");
        // a valid event after it is still applied, and the bad one changed nothing
        publish(EventType.FEEDBACK_RECEIVED, tn, new FeedbackReceived(4, "Ok", true));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/orders/" + id + "/history")
                .then().statusCode(200).body("action", hasItems("ACCEPTED")));
        OrderApi.get(id).then().body("status", equalTo("CONFIRMED"));
    }

    @Test
    void shouldNotCloseBeforeTheQuietPeriodHasPassed() {
        Response order = OrderApi.confirmNew();
        String id = order.path("id");
        publish(EventType.DELIVERED, order.path("trackingNumber"),
                new Milestone(null, null, null, null, null, null, null, null));
        awaitStatus(id, "DELIVERED");
        lifecycle.closeQuietOrders(Instant.now().plus(Duration.ofDays(2)));
        OrderApi.get(id).then().body("status", equalTo("DELIVERED"));
        lifecycle.closeQuietOrders(Instant.now().plus(Duration.ofDays(3)).plusSeconds(60));
        OrderApi.get(id).then().body("status", equalTo("CLOSED"));
    }

    @Test
    void shouldLetCustomerServiceCancelAnUndeliveredOrderWithAReasonOnRecord() {
        String id = OrderApi.confirmNew().path("id");
        given().header("Authorization", TestTokens.bearer("customer-service")).contentType(ContentType.JSON)
                .body("{}").when().post("/api/v1/orders/" + id + "/cancel")
                .then().statusCode(400).body("errors.field", hasItems("reason"));
        given().header("Authorization", TestTokens.bearer("customer-service")).contentType(ContentType.JSON)
                .body("{\"reason\": \"Customer changed their mind\"}").when().post("/api/v1/orders/" + id + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        given().header("Authorization", TestTokens.bearer("customer-service")).contentType(ContentType.JSON)
                .body("{\"reason\": \"again\"}").when().post("/api/v1/orders/" + id + "/cancel")
                .then().statusCode(409);
        given().header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/orders/" + id + "/history")
                .then().statusCode(200)
                .body("action", hasItems("CONFIRMED", "CANCELLED"))
                .body("find { it.action == 'CANCELLED' }.actor", equalTo("test-customer-service"))
                .body("find { it.action == 'CANCELLED' }.note", equalTo("Customer changed their mind"));
    }

    @Test
    void shouldLetCustomerServiceCloseADeliveredOrderByHand() {
        Response order = OrderApi.confirmNew();
        String id = order.path("id");
        publish(EventType.DELIVERED, order.path("trackingNumber"),
                new Milestone(null, null, null, null, null, null, null, null));
        awaitStatus(id, "DELIVERED");
        given().header("Authorization", TestTokens.bearer("customer-service")).contentType(ContentType.JSON)
                .body("{\"reason\": \"Confirmed by phone\"}").when().post("/api/v1/orders/" + id + "/close")
                .then().statusCode(200).body("status", equalTo("CLOSED"))
                .body("closeReason", equalTo("CLOSED_BY_CUSTOMER_SERVICE"));
        given().header("Authorization", TestTokens.bearer("ingest")).contentType(ContentType.JSON)
                .body("{\"reason\": \"x\"}").when().post("/api/v1/orders/" + id + "/close")
                .then().statusCode(403);
    }

    @Test
    void shouldListOrdersByStatusAndTimeWithPaging() {
        Instant before = Instant.now().minusSeconds(1);
        String first = OrderApi.confirmNew().path("id");
        String second = OrderApi.confirmNew().path("id");
        given().header("Authorization", TestTokens.bearer("ops"))
                .queryParam("status", "CONFIRMED").queryParam("from", before.toString()).queryParam("size", 1)
                .when().get("/api/v1/orders")
                .then().statusCode(200)
                .body("items[0].id", equalTo(second))
                .body("size", equalTo(1));
        given().header("Authorization", TestTokens.bearer("ops"))
                .queryParam("status", "CONFIRMED").queryParam("from", before.toString()).queryParam("size", 1)
                .queryParam("page", 1)
                .when().get("/api/v1/orders")
                .then().statusCode(200).body("items[0].id", equalTo(first));
        given().header("Authorization", TestTokens.bearer("ops")).queryParam("status", "LOST")
                .queryParam("from", "yesterday").when().get("/api/v1/orders")
                .then().statusCode(400).body("errors.field", hasItems("status", "from"));
        String tn = OrderApi.get(first).path("trackingNumber");
        given().header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/orders/by-tracking-number/" + tn)
                .then().statusCode(200).body("id", equalTo(first));
    }

    private static CloudEvent publish(EventType type, String tn, Object data) {
        return publish(event(type, tn, data));
    }

    private static CloudEvent event(EventType type, String tn, Object data) {
        return Events.create(type, "/test/upstream", tn, OffsetDateTime.now(ZoneOffset.UTC), data, Map.of());
    }

    private static CloudEvent publish(CloudEvent event) {
        kafka.send(Topics.SHIPMENT_LIFECYCLE, event.subject(), EventCodec.toJson(event));
        return event;
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> OrderApi.get(id).then()
                .body("status", equalTo(status)));
    }
}
