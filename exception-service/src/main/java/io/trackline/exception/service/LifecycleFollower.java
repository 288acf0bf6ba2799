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
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

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

    private static final String OPEN_CASES = """
            SELECT * FROM exception_case WHERE tracking_number = ANY(CAST(?1 AS char(13)[])) AND status <> 'RESOLVED'
            ORDER BY opened_at""";

    @Inject
    CaseService cases;

    @Inject
    Clock clock;

    @Inject
    BatchLookups lookups;

    @Inject
    EntityManager entityManager;

    /** Loads the watches and open cases of a batch's shipments with one query each: no handler runs one. */
    public FollowedShipments prefetch(List<Event<?>> events) {
        List<String> trackingNumbers = BatchLookups.trackingNumbersOf(events);
        @SuppressWarnings("unchecked")
        List<ExceptionCase> open = entityManager.createNativeQuery(OPEN_CASES, ExceptionCase.class)
                .setParameter(1, trackingNumbers.toArray(String[]::new)).getResultList();
        return new FollowedShipments(lookups.byTrackingNumber(ShipmentWatch.class, "shipment_watch",
                trackingNumbers, watch -> watch.trackingNumber),
                BatchLookups.grouped(trackingNumbers, open, c -> c.trackingNumber));
    }

    /** {@code OrderConfirmed}: the watch learns the order (service level, promise, time zone). */
    public void confirmed(FollowedShipments batch, Event<OrderConfirmed> event) {
        OrderConfirmed order = event.data();
        ShipmentWatch existing = batch.watch(event.subject());
        ShipmentWatch watch = watchOrFirst(batch, existing, event.subject(), ShipmentWatch.CONFIRMED,
                occurred(event));
        watch.confirmed(order.orderId(), order.serviceLevel(), order.estimatedDelivery(), order.customer().timeZone(),
                occurred(event), now());
        // events that came first may have opened cases: they learn the order now (no query when none did)
        if (existing != null || !batch.openCases(event.subject()).isEmpty()) {
            cases.orderArrived(watch);
        }
    }

    /** A milestone: the watch's status follows it, and open cases it makes moot are resolved. */
    public void milestone(FollowedShipments batch, Event<Milestone> event) {
        Instant occurred = occurred(event);
        String status = event.type().name();
        ShipmentWatch watch = watchOrFirst(batch, batch.watch(event.subject()), event.subject(), status, occurred);
        watch.milestone(status, occurred, event.data().estimatedDelivery(), now());
        cases.resolveMovedOn(batch.openCases(event.subject()), occurred, event.type().typeName(), watch.status);
    }

    /** {@code ExceptionRaised}: a case for it, once. */
    public void exceptionRaised(FollowedShipments batch, Event<ExceptionRaised> event) {
        if (ExceptionCase.byRaisedEvent(event.subject(), event.id()).isEmpty()) {
            batch.caseOpened(cases.openReported(event, batch.watch(event.subject())));
        }
    }

    /** {@code OrderCancelled}: nothing more to watch; what is still open is moot. */
    public void cancelled(FollowedShipments batch, Event<OrderCancelled> event) {
        ended(batch, event, ShipmentWatch.CANCELLED);
    }

    /** {@code OrderClosed}: nothing more to watch; what is still open is moot. */
    public void closed(FollowedShipments batch, Event<OrderClosed> event) {
        ended(batch, event, ShipmentWatch.CLOSED);
    }

    /** {@code EtaUpdated} from elsewhere: the watch's estimate. */
    public void etaUpdated(FollowedShipments batch, Event<EtaUpdated> event) {
        ShipmentWatch watch = batch.watch(event.subject());
        // our own were applied when they were made; taking them again would date them by their publication
        if (watch != null && !CaseService.EVENT_SOURCE.equals(event.source())) {
            watch.estimate(event.data().estimatedDelivery(), occurred(event));
        }
    }

    private void ended(FollowedShipments batch, Event<?> event, String ended) {
        Instant occurred = occurred(event);
        watchOrFirst(batch, batch.watch(event.subject()), event.subject(), ended, occurred)
                .ended(ended, occurred, now());
        cases.resolveMovedOn(batch.openCases(event.subject()), occurred, event.type().typeName(), ended);
    }

    private static Instant occurred(Event<?> event) {
        return event.time().toInstant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The shipment's watch; a new one, starting with this event, when it is the first to arrive. */
    private ShipmentWatch watchOrFirst(FollowedShipments batch, ShipmentWatch watch, String trackingNumber,
            String status, Instant occurred) {
        if (watch != null) {
            return watch;
        }
        ShipmentWatch first = ShipmentWatch.first(trackingNumber, status, occurred, now());
        first.persist();
        batch.watchCreated(first);
        return first;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
