package io.trackline.tracking.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.InvalidEventException;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.platform.messaging.ProcessedEvents;
import io.trackline.tracking.Shipment;
import io.trackline.tracking.ShipmentEvent;
import io.trackline.tracking.ShipmentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the shipment projection: idempotent (an event id seen before changes nothing), order-safe (the status
 * is that of the latest event by occurrence time; a late event enters the timeline without moving the status
 * back) and {@code Delivered} is final.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ShipmentProjection {

    static final String CONSUMER = "tracking-projection";

    @Inject
    ProcessedEvents processed;

    /** Applies one event; throws {@link InvalidEventException} (for the dead-letter topic) when it cannot. */
    public void apply(CloudEvent event) {
        EventType type = EventType.fromTypeName(event.type())
                .orElseThrow(() -> new InvalidEventException("unknown event type '" + event.type() + "'"));
        EventValidator.instance().requireValid(event);
        if (!processed.firstTime(CONSUMER, event.id())) {
            return;
        }
        Instant occurred = event.time().toInstant();
        Shipment shipment = Shipment.find(event.subject()).orElse(null);
        if (type == EventType.ORDER_CONFIRMED) {
            shipment = confirm(shipment, event, occurred);
        } else if (shipment == null) {
            throw new InvalidEventException("unknown tracking number " + event.subject());
        }
        recordInTimeline(event, occurred);
        boolean latest = !occurred.isBefore(shipment.statusAt);
        ShipmentStatus next = ShipmentStatus.of(type).orElse(null);
        if (next != null && !shipment.status.isFinal() && (latest || next.isFinal())) {
            shipment.status = next;
            shipment.statusAt = occurred;
            if (shipment.openExceptionSince != null && !occurred.isBefore(shipment.openExceptionSince)) {
                // the shipment moved on after the exception
                shipment.openExceptionReason = null;
                shipment.openExceptionSince = null;
            }
        }
        if (type.isMilestone() && latest) {
            Milestone milestone = EventCodec.dataAs(event, Milestone.class);
            if (milestone.location() != null) {
                shipment.lastLocation = describe(milestone.location());
            }
            if (milestone.estimatedDelivery() != null) {
                shipment.estimatedDelivery = milestone.estimatedDelivery();
            }
        }
        if (type == EventType.EXCEPTION_RAISED && !shipment.status.isFinal()) {
            JsonNode data = event.data();
            shipment.openExceptionReason = data.path("reason").asText();
            shipment.openExceptionSince = occurred;
            if (data.hasNonNull("revisedEstimatedDelivery")) {
                shipment.estimatedDelivery = java.time.LocalDate.parse(data.get("revisedEstimatedDelivery").asText());
            }
        }
        shipment.updatedAt = Instant.now();
    }

    private Shipment confirm(Shipment existing, CloudEvent event, Instant occurred) {
        OrderConfirmed order = EventCodec.dataAs(event, OrderConfirmed.class);
        Shipment shipment = existing;
        if (shipment == null) {
            shipment = new Shipment();
            shipment.trackingNumber = event.subject();
            shipment.status = ShipmentStatus.CONFIRMED;
            shipment.statusAt = occurred;
            shipment.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            shipment.updatedAt = shipment.createdAt;
            shipment.estimatedDelivery = order.estimatedDelivery();
        }
        shipment.orderId = order.orderId();
        shipment.serviceLevel = order.serviceLevel();
        shipment.promisedDelivery = order.estimatedDelivery();
        shipment.destinationCity = order.destination().city();
        shipment.destinationCountry = order.destination().country();
        shipment.customerLanguage = order.customer().language();
        shipment.customerTimeZone = order.customer().timeZone();
        if (existing == null) {
            shipment.persist();
        }
        return shipment;
    }

    private static void recordInTimeline(CloudEvent event, Instant occurred) {
        ShipmentEvent entry = new ShipmentEvent();
        entry.eventId = event.id();
        entry.trackingNumber = event.subject();
        entry.type = event.type();
        entry.occurredAt = occurred;
        entry.recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        entry.source = event.source();
        entry.data = timelineData(event);
        entry.persist();
    }

    /** What the timeline keeps of an event: OrderConfirmed's customer contact stays with the order. */
    private static String timelineData(CloudEvent event) {
        JsonNode data = event.data();
        if (EventType.ORDER_CONFIRMED.typeName().equals(event.type())) {
            data = EventCodec.mapper().createObjectNode()
                    .put("orderId", data.path("orderId").asText())
                    .put("serviceLevel", data.path("serviceLevel").asText())
                    .put("estimatedDelivery", data.path("estimatedDelivery").asText());
        }
        return data.toString();
    }

    private static String describe(Location location) {
        return Stream.of(location.facility(), location.city(), location.country())
                .filter(Objects::nonNull).collect(Collectors.joining(", "));
    }
}
