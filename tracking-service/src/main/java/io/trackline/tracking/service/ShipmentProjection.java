package io.trackline.tracking.service;

import io.trackline.events.Event;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.data.EventData;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.platform.messaging.BatchLookups;
import io.trackline.tracking.PendingEvent;
import io.trackline.tracking.Shipment;
import io.trackline.tracking.ShipmentEta;
import io.trackline.tracking.ShipmentEvent;
import io.trackline.tracking.ShipmentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the shipment projection: idempotent (an event id seen before changes nothing), order-safe (the status
 * is that of the latest event by occurrence time; a late event enters the timeline without moving the status
 * back) and {@code Delivered} is final. Events for a tracking number not known yet wait as pending events until
 * its {@code OrderConfirmed} arrives or their grace period ends.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ShipmentProjection {

    public static final String CONSUMER = "tracking-projection";

    @Inject
    Clock clock;

    @Inject
    BatchLookups lookups;

    /**
     * Loads the shipments a batch of events touches, and the events waiting for them, with one query each;
     * {@link #apply} keeps both current for the rest of the batch.
     */
    public ProjectionBatch prefetch(List<Event<?>> events) {
        List<String> trackingNumbers = BatchLookups.trackingNumbersOf(events);
        return new ProjectionBatch(lookups.byTrackingNumber(Shipment.class, "shipment", trackingNumbers,
                s -> s.trackingNumber), BatchLookups.grouped(trackingNumbers, PendingEvent.forShipments(trackingNumbers),
                p -> p.trackingNumber));
    }

    /** Applies one new event of the lifecycle, with what {@link #prefetch} loaded for its batch. */
    public void apply(ProjectionBatch batch, Event<?> event) {
        String trackingNumber = event.subject();
        Shipment shipment = batch.shipment(trackingNumber);
        if (event.data() instanceof OrderConfirmed order) {
            shipment = confirm(shipment, event, order);
            batch.created(shipment);
            applyTo(shipment, event);
            for (PendingEvent held : batch.releasePending(trackingNumber)) {
                applyTo(shipment, Event.of(EventCodec.fromJson(held.payload)));
                held.delete();
            }
        } else if (shipment == null) {
            batch.parked(park(event));
        } else {
            applyTo(shipment, event);
        }
    }

    private void applyTo(Shipment shipment, Event<?> event) {
        EventType type = event.type();
        Instant occurred = occurredAt(event);
        recordInTimeline(event, occurred);
        boolean latest = !occurred.isBefore(shipment.statusAt);
        ShipmentStatus next = ShipmentStatus.of(type).orElse(null);
        // at the same instant the further milestone wins, whichever arrived first
        // a carrier's milestone always moves a merely confirmed shipment on, whatever the two systems' clocks
        boolean moves = next != null && (occurred.isAfter(shipment.statusAt)
                || (latest && next.ordinal() >= shipment.status.ordinal()) || next.isFinal()
                || (shipment.status == ShipmentStatus.CONFIRMED && next != ShipmentStatus.CONFIRMED));
        if (moves && !shipment.status.isFinal()) {
            shipment.status = next;
            shipment.statusAt = occurred;
            if (shipment.openExceptionSince != null && !occurred.isBefore(shipment.openExceptionSince)) {
                shipment.clearException(); // the shipment moved on after the exception
            }
        } else if (next != null && next.isFinal() && shipment.status.isFinal()
                && occurred.isBefore(shipment.statusAt)) {
            shipment.statusAt = occurred; // delivered since the first Delivered, whichever arrived first
        }
        EventData data = event.data();
        if (data instanceof Milestone milestone) {
            milestone(shipment, event, milestone, occurred);
        } else if (data instanceof ExceptionRaised raised) {
            exceptionRaised(shipment, event, raised, occurred);
        } else if (data instanceof ExceptionResolved resolved) {
            exceptionResolved(shipment, resolved);
        } else if (data instanceof EtaUpdated update) {
            etaUpdated(shipment, event, update, occurred);
        }
        shipment.updatedAt = now();
    }

    private void milestone(Shipment shipment, Event<?> event, Milestone milestone, Instant occurred) {
        if (milestone.location() != null && (shipment.lastLocationAt == null
                || !occurred.isBefore(shipment.lastLocationAt))) {
            shipment.lastLocation = describe(milestone.location());
            shipment.lastLocationAt = occurred;
        }
        if (milestone.estimatedDelivery() != null) {
            changeEta(shipment, milestone.estimatedDelivery(), event, occurred);
        }
        if (event.type() == EventType.DELIVERED) {
            // a second Delivered (the proof after the carrier's scan, say) adds to the first, never erases it
            if (shipment.deliveredAt == null || milestone.proofOfDeliveryId() != null) {
                shipment.deliveredAt = occurred;
            }
            if (milestone.recipientName() != null) {
                shipment.recipientName = milestone.recipientName();
            }
            if (milestone.proofOfDeliveryId() != null) {
                try {
                    shipment.proofOfDeliveryId = UUID.fromString(milestone.proofOfDeliveryId());
                } catch (IllegalArgumentException e) {
                    // a carrier's own proof reference: kept in the timeline only
                }
            }
        }
    }

    private void exceptionRaised(Shipment shipment, Event<?> event, ExceptionRaised exception, Instant occurred) {
        boolean fromCustomer = exception.source() == ExceptionSource.CUSTOMER;
        if (exception.revisedEstimatedDelivery() != null) {
            changeEta(shipment, exception.revisedEstimatedDelivery(), event, occurred);
        }
        if (shipment.status.isFinal() && !fromCustomer) {
            return; // a carrier exception after delivery changes nothing the customer sees
        }
        boolean newerThanShown = shipment.openExceptionSince == null
                || !occurred.isBefore(shipment.openExceptionSince);
        boolean stillCurrent = fromCustomer || !occurred.isBefore(shipment.statusAt);
        if (newerThanShown && stillCurrent) {
            shipment.openExceptionEventId = event.id();
            shipment.openExceptionReason = exception.reason().name();
            shipment.openExceptionDescription = exception.description();
            shipment.openExceptionSteps = exception.resolutionSteps() == null ? null
                    : EventCodec.mapper().valueToTree(exception.resolutionSteps()).toString();
            shipment.openExceptionSince = occurred;
        }
    }

    private static void exceptionResolved(Shipment shipment, ExceptionResolved resolved) {
        if (Objects.equals(shipment.openExceptionEventId, resolved.raisedEventId())) {
            shipment.clearException();
        }
    }

    /** exception-service revised the estimate; for the exception shown, it also brings the resolution steps. */
    private void etaUpdated(Shipment shipment, Event<?> event, EtaUpdated update, Instant occurred) {
        changeEta(shipment, update.estimatedDelivery(), event, occurred);
        if (update.raisedEventId() != null && update.raisedEventId().equals(shipment.openExceptionEventId)
                && update.resolutionSteps() != null && !update.resolutionSteps().isEmpty()) {
            shipment.openExceptionSteps = EventCodec.mapper().valueToTree(update.resolutionSteps()).toString();
        }
    }

    /**
     * The ETA is that of the latest estimate by occurrence time, whatever the arrival order; estimates made after
     * the delivery change nothing.
     */
    private void changeEta(Shipment shipment, LocalDate eta, Event<?> event, Instant occurred) {
        boolean older = shipment.estimatedDeliveryAt != null && occurred.isBefore(shipment.estimatedDeliveryAt);
        boolean afterDelivery = shipment.status.isFinal() && occurred.isAfter(shipment.statusAt);
        if (older || afterDelivery) {
            return;
        }
        shipment.estimatedDeliveryAt = occurred;
        if (eta.equals(shipment.estimatedDelivery)) {
            return;
        }
        shipment.estimatedDelivery = eta;
        recordEta(shipment.trackingNumber, eta, event);
    }

    private void recordEta(String trackingNumber, LocalDate eta, Event<?> event) {
        ShipmentEta entry = new ShipmentEta();
        entry.trackingNumber = trackingNumber;
        entry.estimatedDelivery = eta;
        entry.eventId = event.id();
        entry.eventType = event.type().typeName();
        entry.changedAt = now();
        entry.persist();
    }

    private Shipment confirm(Shipment existing, Event<?> event, OrderConfirmed order) {
        Shipment shipment = existing;
        if (shipment == null) {
            shipment = new Shipment();
            shipment.trackingNumber = event.subject();
            shipment.status = ShipmentStatus.CONFIRMED;
            shipment.statusAt = occurredAt(event);
            shipment.createdAt = now();
            shipment.updatedAt = shipment.createdAt;
            shipment.estimatedDelivery = order.estimatedDelivery();
            shipment.estimatedDeliveryAt = shipment.statusAt;
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
            recordEta(shipment.trackingNumber, order.estimatedDelivery(), event);
        }
        return shipment;
    }

    /**
     * When the event happened, at the database's precision (microseconds): compared with stored times, a
     * nanosecond part would make an event look older than itself.
     */
    private static Instant occurredAt(Event<?> event) {
        return event.time().toInstant().truncatedTo(ChronoUnit.MICROS);
    }

    private PendingEvent park(Event<?> event) {
        PendingEvent pending = new PendingEvent();
        pending.eventKey = event.key();
        pending.eventId = event.id();
        pending.trackingNumber = event.subject();
        pending.payload = EventCodec.toJson(Events.cloudEvent(event));
        pending.receivedAt = now();
        pending.persist();
        return pending;
    }

    private void recordInTimeline(Event<?> event, Instant occurred) {
        ShipmentEvent entry = new ShipmentEvent();
        entry.eventKey = event.key();
        entry.eventId = event.id();
        entry.trackingNumber = event.subject();
        entry.type = event.type().typeName();
        entry.occurredAt = occurred;
        entry.recordedAt = now();
        entry.source = event.source();
        entry.data = timelineData(event);
        entry.persist();
    }

    /** What the timeline keeps of an event: OrderConfirmed's customer contact stays with the order. */
    private static String timelineData(Event<?> event) {
        if (event.data() instanceof OrderConfirmed order) {
            return EventCodec.mapper().createObjectNode()
                    .put("orderId", Objects.toString(order.orderId(), ""))
                    .put("serviceLevel", Objects.toString(order.serviceLevel(), ""))
                    .put("estimatedDelivery", Objects.toString(order.estimatedDelivery(), ""))
                    .toString();
        }
        return EventCodec.toDataNode(event.data()).toString();
    }

    static String describe(Location location) {
        return Stream.of(location.facility(), location.city(), location.country())
                .filter(Objects::nonNull).filter(s -> !s.isBlank()).collect(Collectors.joining(", "));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
