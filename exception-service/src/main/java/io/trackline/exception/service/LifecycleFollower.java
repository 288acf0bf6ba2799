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
 * <p>
 * A shipment's events come from several producers that publish independently, so they can arrive in any order;
 * the outcome is the same. The first event of a shipment starts its watch, whichever it is (the order's data fills
 * in when {@code OrderConfirmed} arrives); the status follows the latest milestone by occurrence time and never
 * moves back; {@code Delivered} is final; an exception that arrives after a later milestone is resolved at once.
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
            case DISPATCHED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED -> milestone(
                    watchOrFirst(watch, event.subject(), status(type.get()), occurred), event, type.get(), occurred);
            case EXCEPTION_RAISED -> {
                if (ExceptionCase.byRaisedEvent(event.subject(), event.id()).isEmpty()) {
                    cases.openReported(event, EventCodec.dataAs(event, ExceptionRaised.class), watch);
                }
            }
            case ORDER_CANCELLED, ORDER_CLOSED -> {
                // nothing more to watch; what is still open is moot
                String ended = type.get() == EventType.ORDER_CANCELLED ? ShipmentWatch.CANCELLED
                        : ShipmentWatch.CLOSED;
                watchOrFirst(watch, event.subject(), ended, occurred).ended(ended, occurred, now());
                cases.resolveMovedOn(event.subject(), occurred, event.type(), ended);
            }
            case ETA_UPDATED -> {
                // our own were applied when they were made; taking them again would date them by their publication
                if (watch != null && !CaseService.EVENT_SOURCE.equals(event.source())) {
                    watch.estimate(EventCodec.dataAs(event, EtaUpdated.class).estimatedDelivery(), occurred);
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
        ShipmentWatch watch = watchOrFirst(existing, event.subject(), ShipmentWatch.CONFIRMED, occurred);
        watch.confirmed(order.orderId(), order.serviceLevel(), order.estimatedDelivery(), order.customer().timeZone(),
                occurred, now());
        // events that came first may have opened cases: they learn the order now (no query when none did)
        if (existing != null || cases.anyOpen(event.subject())) {
            cases.orderArrived(watch);
        }
    }

    /** The shipment's watch; a new one, starting with this event, when it is the first to arrive. */
    private ShipmentWatch watchOrFirst(ShipmentWatch watch, String trackingNumber, String status, Instant occurred) {
        if (watch != null) {
            return watch;
        }
        ShipmentWatch first = ShipmentWatch.first(trackingNumber, status, occurred, now());
        first.persist();
        Map<String, ShipmentWatch> watches = batchWatches();
        if (watches != null) {
            watches.put(trackingNumber, first);
        }
        return first;
    }

    private void milestone(ShipmentWatch watch, CloudEvent event, EventType type, Instant occurred) {
        watch.milestone(status(type), occurred, EventCodec.dataAs(event, Milestone.class).estimatedDelivery(), now());
        cases.resolveMovedOn(event.subject(), occurred, event.type(), watch.status);
    }

    /** The watch status a milestone stands for: its type's name (DISPATCHED, IN_TRANSIT, ...). */
    private static String status(EventType milestone) {
        return milestone.name();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
