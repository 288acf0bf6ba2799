package io.trackline.tracking;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.Customer;
import io.trackline.events.data.Destination;
import io.trackline.events.data.Item;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.testing.KafkaTestClient;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Events as order-service and carriers publish them. */
final class TrackingTestData {

    private TrackingTestData() {
    }

    static CloudEvent confirmed(String tn, OffsetDateTime time) {
        return confirmed(tn, time, "en", "Europe/Amsterdam");
    }

    static CloudEvent confirmed(String tn, OffsetDateTime time, String language, String timeZone) {
        OrderConfirmed data = new OrderConfirmed(UUID.randomUUID().toString(), "WEB-" + tn, "webshop", "STANDARD",
                new Customer("Ada Lovelace", "ada@example.com", "+31612345678", language, timeZone),
                new Destination("Amsterdam", "1012 LG", "NL"), List.of(new Item("SKU-1", "Teapot", 1)), tn,
                "http://localhost:8082/track/" + tn + "?t=x", LocalDate.of(2026, 12, 1));
        return Events.create(EventType.ORDER_CONFIRMED, "/test/order-service", tn, time, data, Map.of());
    }

    static CloudEvent milestone(EventType type, String tn, OffsetDateTime time) {
        Milestone data = new Milestone(new Location("Hub", "Utrecht", "NL", null, null), "ACME", null, null, null,
                null, null, null);
        return Events.create(type, "/test/carrier", tn, time, data, Map.of());
    }

    static void publish(KafkaTestClient kafka, CloudEvent event) {
        kafka.send(Topics.SHIPMENT_LIFECYCLE, event.subject(), EventCodec.toJson(event));
    }
}
