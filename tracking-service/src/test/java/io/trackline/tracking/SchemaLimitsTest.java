package io.trackline.tracking;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.Events;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Customer;
import io.trackline.events.data.Destination;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.Item;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.testing.ArrivalOrders;
import io.trackline.testing.TracklineTestEnvironment;
import io.trackline.tracking.messaging.LifecycleConsumer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every schema-valid event is stored, however long its values: each test runs a batch of events with values at
 * the longest their schema allows through the projection, as the consumer does.
 */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "tracking"), scope = TestResourceScope.MATCHING_RESOURCES)
class SchemaLimitsTest {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-26T08:00:00Z");

    @Inject
    LifecycleConsumer consumer;

    @Test
    void shouldStoreTheLastLocationWhenFacilityAndCityHaveTheLongestAllowedNames() {
        String tn = TrackingNumbers.generate("TL", "NL");
        Location location = new Location("f".repeat(200), "c".repeat(200), "NL", 52.1, 5.1);
        CloudEvent inTransit = longest(Events.create(EventType.IN_TRANSIT, "/test/carrier", tn, T0.plusHours(1),
                new Milestone(location, "k".repeat(100), "s".repeat(50), "d".repeat(500), LocalDate.of(2026, 12, 2),
                        null, null, "r".repeat(200)), Map.of("orderid", "o".repeat(100))));
        project(TrackingTestData.confirmed(tn, T0), inTransit);
        Shipment shipment = shipment(tn);
        assertThat(shipment.status).isEqualTo(ShipmentStatus.IN_TRANSIT);
        assertThat(shipment.lastLocation).isEqualTo("f".repeat(200) + ", " + "c".repeat(200) + ", NL");
    }

    @Test
    void shouldStoreAConfirmedShipmentWhoseContactAndDestinationHaveTheLongestAllowedValues() {
        String tn = TrackingNumbers.generate("TL", "NL");
        OrderConfirmed data = new OrderConfirmed(UUID.randomUUID().toString(), "e".repeat(500), "w".repeat(100),
                "STANDARD", new Customer("n".repeat(500), "ada@example.com", "+31612345678", "nl-NL", "z".repeat(64)),
                new Destination("c".repeat(500), "p".repeat(500), "NL"),
                List.of(new Item("s".repeat(500), "d".repeat(500), 1)), tn,
                "https://track.example/" + "u".repeat(2000 - 22), LocalDate.of(2026, 12, 1));
        project(longest(Events.create(EventType.ORDER_CONFIRMED, "/test/order-service", tn, T0, data,
                Map.of("orderid", "o".repeat(100)))));
        Shipment shipment = shipment(tn);
        assertThat(shipment.destinationCity).isEqualTo("c".repeat(500));
        assertThat(shipment.customerTimeZone).isEqualTo("z".repeat(64));
    }

    @Test
    void shouldStoreAnExceptionAndADeliveryWithTheLongestAllowedValues() {
        String tn = TrackingNumbers.generate("TL", "NL");
        CloudEvent exception = longest(Events.create(EventType.EXCEPTION_RAISED, "/test/carrier", tn,
                T0.plusHours(1), new ExceptionRaised("i".repeat(100), ExceptionReason.WEATHER, ExceptionSource.REPORTED,
                        "d".repeat(2000), "k".repeat(50), new Location("f".repeat(200), "c".repeat(200), "NL", null,
                        null), LocalDate.of(2026, 12, 3), List.of("s".repeat(500), "t".repeat(500))), Map.of()));
        CloudEvent delivered = longest(Events.create(EventType.DELIVERED, "/test/carrier", tn, T0.plusHours(2),
                new Milestone(null, null, null, null, null, "p".repeat(100), "r".repeat(200), null), Map.of()));
        project(TrackingTestData.confirmed(tn, T0), exception, delivered);
        Shipment shipment = shipment(tn);
        assertThat(shipment.status).isEqualTo(ShipmentStatus.DELIVERED);
        assertThat(shipment.recipientName).isEqualTo("r".repeat(200));
    }

    /** The event with the longest id and source the envelope allows (a fresh id of 128 characters). */
    private static CloudEvent longest(CloudEvent event) {
        String id = UUID.randomUUID() + "-" + "i".repeat(128 - 37);
        CloudEvent longest = new CloudEvent(id, "/" + "s".repeat(199), event.type(), event.subject(), event.time(),
                event.dataschema(), event.data(), event.extensions());
        assertThat(EventValidator.instance().problems(longest)).isEmpty();
        return longest;
    }

    /** One batch as the consumer runs it (one poll): prefetch, then every event, in one transaction. */
    private void project(CloudEvent... events) {
        List<CloudEvent> batch = List.of(events);
        consumer.consume(ArrivalOrders.records(batch));
    }

    private static Shipment shipment(String tn) {
        return QuarkusTransaction.requiringNew().call(() -> Shipment.find(tn).orElseThrow());
    }
}
