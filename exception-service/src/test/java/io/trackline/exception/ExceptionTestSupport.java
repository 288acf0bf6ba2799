package io.trackline.exception;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Customer;
import io.trackline.events.data.Destination;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.Item;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Publishing lifecycle events as upstream systems do, and reading cases and published events back. */
final class ExceptionTestSupport {

    private ExceptionTestSupport() {
    }

    /** Confirms a new shipment (STANDARD, promised 2026-12-01, Amsterdam) at {@code time}; returns its number. */
    static String confirmedShipment(KafkaTestClient kafka, OffsetDateTime time) {
        return confirmedShipment(kafka, time, promisedFor(time));
    }

    /**
     * The promise of a shipment confirmed at {@code time}: five days later, as a date relative to the confirmation
     * (a fixed date would make the tests depend on the day they run).
     */
    static LocalDate promisedFor(OffsetDateTime time) {
        return time.toLocalDate().plusDays(5);
    }

    /** Confirms a new shipment (STANDARD, Amsterdam) promised for {@code promised}; returns its number. */
    static String confirmedShipment(KafkaTestClient kafka, OffsetDateTime time, LocalDate promised) {
        String tn = TrackingNumbers.generate("TL", "NL");
        confirm(kafka, tn, time, promised);
        return tn;
    }

    /** Publishes the {@code OrderConfirmed} of shipment {@code tn} (as {@link #confirmedShipment}). */
    static CloudEvent confirm(KafkaTestClient kafka, String tn, OffsetDateTime time) {
        return confirm(kafka, tn, time, promisedFor(time));
    }

    static CloudEvent confirm(KafkaTestClient kafka, String tn, OffsetDateTime time, LocalDate promised) {
        OrderConfirmed data = new OrderConfirmed(UUID.randomUUID().toString(), "WEB-" + tn, "webshop", "STANDARD",
                new Customer("Ada", "ada@example.com", null, "en", "Europe/Amsterdam"),
                new Destination("Amsterdam", "1012 LG", "NL"), List.of(new Item("SKU", null, 1)), tn,
                "http://localhost:8082/track/" + tn + "?t=x", promised);
        return publish(kafka, Events.create(EventType.ORDER_CONFIRMED, "/test/order-service", tn, time, data,
                Map.of()));
    }

    static CloudEvent milestone(KafkaTestClient kafka, EventType type, String tn, OffsetDateTime time) {
        return publish(kafka, Events.create(type, "/test/carrier", tn, time,
                new Milestone(null, null, null, null, null, null, null, null), Map.of()));
    }

    static CloudEvent exception(KafkaTestClient kafka, String tn, ExceptionReason reason, OffsetDateTime time) {
        return publish(kafka, Events.create(EventType.EXCEPTION_RAISED, "/test/carrier", tn, time,
                new ExceptionRaised(null, reason, ExceptionSource.REPORTED, reason + " reported", "X1", null, null,
                        null), Map.of()));
    }

    static CloudEvent publish(KafkaTestClient kafka, CloudEvent event) {
        kafka.send(Topics.SHIPMENT_LIFECYCLE, event.subject(), EventCodec.toJson(event));
        return event;
    }

    /**
     * The events this service published for a shipment, of one type, each checked against its schema: all that
     * arrive within a few seconds, at least {@code expected} of them if they come.
     */
    static List<CloudEvent> published(KafkaTestClient kafka, String tn, EventType type, int expected) {
        List<ConsumerRecord<String, String>> records = kafka.await(Topics.SHIPMENT_LIFECYCLE,
                r -> tn.equals(r.key()) && r.value().contains("\"" + type.typeName() + "\"")
                        && r.value().contains("/trackline/exception-service"), expected + 20, Duration.ofSeconds(5));
        List<CloudEvent> events = records.stream().map(r -> EventCodec.fromJson(r.value()))
                .filter(e -> e.type().equals(type.typeName())).toList();
        events.forEach(e -> assertThat(EventValidator.instance().problems(e)).as(e.type()).isEmpty());
        return events;
    }

    /** Waits until the service has seen the shipment (its OrderConfirmed was consumed). */
    static void awaitWatched(String tn) {
        await().atMost(Duration.ofSeconds(30)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> ShipmentWatch.find(tn).isPresent()));
    }

    /** Waits until the shipment's {@code OrderConfirmed} was consumed, and returns its watch. */
    static ShipmentWatch awaitConfirmedWatch(String tn) {
        await().atMost(Duration.ofSeconds(30)).until(() -> watch(tn) != null && watch(tn).confirmedAt != null);
        return watch(tn);
    }

    static ShipmentWatch watch(String tn) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> ShipmentWatch.find(tn).orElse(null));
    }

    static List<ExceptionCase> cases(String tn) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> ExceptionCase.<ExceptionCase>list("trackingNumber = ?1 order by openedAt", tn));
    }

    static String bearer(String role) {
        return TestTokens.bearer(role);
    }

    static io.restassured.specification.RequestSpecification ops() {
        return given().header("Authorization", bearer("ops")).contentType("application/json");
    }
}
