package io.trackline.exception.service;

import io.trackline.events.Event;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderCancelled;
import io.trackline.events.data.OrderClosed;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.exception.ExceptionCase;
import io.trackline.exception.ShipmentWatch;
import io.trackline.platform.messaging.BatchLookups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

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

    private static final String WATCHES = "exception.watches";

    @Inject
    CaseService cases;

    @Inject
    Clock clock;

    @Inject
    BatchLookups lookups;

    @Inject
    OpenCases openCases;

    /** Loads the watches and open cases of a batch's shipments with one query each: no handler runs one. */
    public void prefetch(List<Event<?>> batch) {
        List<String> trackingNumbers = BatchLookups.trackingNumbersOf(batch);
        lookups.loadByTrackingNumber(WATCHES, ShipmentWatch.class, "shipment_watch", trackingNumbers,
                watch -> watch.trackingNumber);
        openCases.prefetch(trackingNumbers);
    }

    /** The watch of a shipment (null if it has none yet), from what {@link #prefetch} loaded for this batch. */
    private ShipmentWatch watch(String trackingNumber) {
        Map<String, ShipmentWatch> watches = batchWatches();
        if (watches == null || !watches.containsKey(trackingNumber)) {
            throw new IllegalStateException("the watches of this batch were not loaded: " + trackingNumber);
        }
        return watches.get(trackingNumber);
    }

    private Map<String, ShipmentWatch> batchWatches() {
        return lookups.get(WATCHES);
    }

    /** {@code OrderConfirmed}: the watch learns the order (service level, promise, time zone). */
    public void confirmed(Event<OrderConfirmed> event) {
        OrderConfirmed order = event.data();
        ShipmentWatch existing = watch(event.subject());
        ShipmentWatch watch = watchOrFirst(existing, event.subject(), ShipmentWatch.CONFIRMED, occurred(event));
        watch.confirmed(order.orderId(), order.serviceLevel(), order.estimatedDelivery(), order.customer().timeZone(),
                occurred(event), now());
        // events that came first may have opened cases: they learn the order now (no query when none did)
        if (existing != null || cases.anyOpen(event.subject())) {
            cases.orderArrived(watch);
        }
    }

    /** A milestone: the watch's status follows it, and open cases it makes moot are resolved. */
    public void milestone(Event<Milestone> event) {
        Instant occurred = occurred(event);
        String status = event.type().name();
        ShipmentWatch watch = watchOrFirst(watch(event.subject()), event.subject(), status, occurred);
        watch.milestone(status, occurred, event.data().estimatedDelivery(), now());
        cases.resolveMovedOn(event.subject(), occurred, event.type().typeName(), watch.status);
    }

    /** {@code ExceptionRaised}: a case for it, once. */
    public void exceptionRaised(Event<ExceptionRaised> event) {
        if (ExceptionCase.byRaisedEvent(event.subject(), event.id()).isEmpty()) {
            cases.openReported(event, watch(event.subject()));
        }
    }

    /** {@code OrderCancelled}: nothing more to watch; what is still open is moot. */
    public void cancelled(Event<OrderCancelled> event) {
        ended(event, ShipmentWatch.CANCELLED);
    }

    /** {@code OrderClosed}: nothing more to watch; what is still open is moot. */
    public void closed(Event<OrderClosed> event) {
        ended(event, ShipmentWatch.CLOSED);
    }

    /** {@code EtaUpdated} from elsewhere: the watch's estimate. */
    public void etaUpdated(Event<EtaUpdated> event) {
        ShipmentWatch watch = watch(event.subject());
        // our own were applied when they were made; taking them again would date them by their publication
        if (watch != null && !CaseService.EVENT_SOURCE.equals(event.source())) {
            watch.estimate(event.data().estimatedDelivery(), occurred(event));
        }
    }

    private void ended(Event<?> event, String ended) {
        Instant occurred = occurred(event);
        watchOrFirst(watch(event.subject()), event.subject(), ended, occurred).ended(ended, occurred, now());
        cases.resolveMovedOn(event.subject(), occurred, event.type().typeName(), ended);
    }

    private static Instant occurred(Event<?> event) {
        return event.time().toInstant().truncatedTo(ChronoUnit.MICROS);
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

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
