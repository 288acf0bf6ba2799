package io.trackline.exception.service;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.exception.ExceptionCase;
import io.trackline.exception.ShipmentWatch;
import io.trackline.platform.messaging.BatchLookups;
import io.trackline.platform.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows the shipment lifecycle: keeps the watch data that delay detection needs, opens a case for every
 * reported exception, and resolves open cases when the shipment moves on.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class LifecycleFollower {

    public static final String CONSUMER = "exception-lifecycle";
    private static final String WATCHES = "exception.watches";

    @Inject
    ProcessedEvents processed;

    @Inject
    CaseService cases;

    @Inject
    Clock clock;

    @Inject
    BatchLookups lookups;

    /** Loads the watches and open cases of a batch's shipments with one query each: {@link #apply} runs none. */
    public void prefetch(List<CloudEvent> events) {
        List<String> trackingNumbers = BatchLookups.trackingNumbers(events, LifecycleFollower::follows);
        if (!trackingNumbers.isEmpty()) {
            lookups.loadByTrackingNumber(WATCHES, ShipmentWatch.class, "shipment_watch", trackingNumbers,
                    watch -> watch.trackingNumber);
            cases.prefetchOpen(trackingNumbers);
        }
    }

    /** The watch of a shipment: from what {@link #prefetch} loaded for this batch, else from the database. */
    private ShipmentWatch watch(String trackingNumber) {
        Map<String, ShipmentWatch> watches = batchWatches();
        if (watches != null && watches.containsKey(trackingNumber)) {
            return watches.get(trackingNumber);
        }
        return ShipmentWatch.find(trackingNumber).orElse(null);
    }

    private Map<String, ShipmentWatch> batchWatches() {
        return lookups.get(WATCHES);
    }

    public void apply(CloudEvent event) {
        Optional<EventType> type = EventType.fromTypeName(event.type());
        if (type.isEmpty() || !follows(type.get())) {
            return;
        }
        EventValidator.instance().requireValid(event);
        if (!processed.firstTime(CONSUMER, event)) {
            return;
        }
        Instant occurred = event.time().toInstant().truncatedTo(ChronoUnit.MICROS);
        ShipmentWatch watch = watch(event.subject());
        switch (type.get()) {
            case ORDER_CONFIRMED -> confirmed(watch, event, occurred);
            case DISPATCHED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED -> milestone(watch, event, type.get(), occurred);
            case EXCEPTION_RAISED -> {
                if (ExceptionCase.byRaisedEvent(event.id()).isEmpty()) {
                    cases.openReported(event, EventCodec.dataAs(event, ExceptionRaised.class), watch);
                }
            }
            case ORDER_CANCELLED, ORDER_CLOSED -> {
                // nothing more to watch; what is still open is moot
                if (watch != null) {
                    watch.status = type.get() == EventType.ORDER_CANCELLED ? "CANCELLED" : "CLOSED";
                    watch.updatedAt = now();
                }
                cases.resolveMovedOn(event.subject(), occurred, event.type());
            }
            case ETA_UPDATED -> {
                if (watch != null) {
                    watch.estimatedDelivery = EventCodec.dataAs(event, EtaUpdated.class).estimatedDelivery();
                }
            }
            default -> {
            }
        }
    }

    private static boolean follows(EventType type) {
        return type == EventType.ORDER_CONFIRMED || type.isMilestone() || type == EventType.EXCEPTION_RAISED
                || type == EventType.ETA_UPDATED || type == EventType.ORDER_CANCELLED
                || type == EventType.ORDER_CLOSED;
    }

    private void confirmed(ShipmentWatch existing, CloudEvent event, Instant occurred) {
        OrderConfirmed order = EventCodec.dataAs(event, OrderConfirmed.class);
        ShipmentWatch watch = existing == null ? new ShipmentWatch() : existing;
        watch.trackingNumber = event.subject();
        watch.orderId = order.orderId();
        watch.serviceLevel = order.serviceLevel();
        watch.promisedDelivery = order.estimatedDelivery();
        watch.timeZone = order.customer().timeZone();
        watch.confirmedAt = occurred;
        if (existing == null) {
            watch.status = "CONFIRMED";
            watch.statusAt = occurred;
            watch.estimatedDelivery = order.estimatedDelivery();
        }
        watch.updatedAt = now();
        if (existing == null) {
            watch.persist();
            Map<String, ShipmentWatch> watches = batchWatches();
            if (watches != null) {
                watches.put(watch.trackingNumber, watch);
            }
        }
    }

    private void milestone(ShipmentWatch watch, CloudEvent event, EventType type, Instant occurred) {
        if (watch != null) {
            if (watch.lastScanAt == null || occurred.isAfter(watch.lastScanAt)) {
                watch.lastScanAt = occurred;
            }
            boolean delivered = "DELIVERED".equals(watch.status) || "CANCELLED".equals(watch.status)
                    || "CLOSED".equals(watch.status);
            if (!delivered && (!occurred.isBefore(watch.statusAt) || type == EventType.DELIVERED)) {
                watch.status = type == EventType.IN_TRANSIT ? "IN_TRANSIT"
                        : type == EventType.OUT_FOR_DELIVERY ? "OUT_FOR_DELIVERY"
                        : type == EventType.DELIVERED ? "DELIVERED" : "DISPATCHED";
                watch.statusAt = occurred;
            }
            if (type == EventType.OUT_FOR_DELIVERY) {
                watch.outForDeliveryAt = occurred;
            }
            Milestone data = EventCodec.dataAs(event, Milestone.class);
            if (data.estimatedDelivery() != null && !delivered) {
                watch.estimatedDelivery = data.estimatedDelivery();
            }
            watch.updatedAt = now();
        }
        cases.resolveMovedOn(event.subject(), occurred, event.type());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
