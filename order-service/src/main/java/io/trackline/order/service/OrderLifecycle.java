package io.trackline.order.service;

import io.trackline.events.Event;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.events.data.FeedbackReceived;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderCancelled;
import io.trackline.events.data.OrderClosed;
import io.trackline.order.CustomerOrder;
import io.trackline.order.OrderException;
import io.trackline.order.OrderHistory;
import io.trackline.order.config.OrderConfig;
import io.trackline.platform.messaging.BatchLookups;
import io.trackline.platform.outbox.Outbox;
import io.trackline.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Moves orders on after confirmation. An order is DELIVERED on {@code Delivered}, and CLOSED (publishing
 * {@code OrderClosed}) once delivered and accepted: the customer confirmed receipt in good order, or the quiet
 * period passed. An order whose shipment has an open exception is never closed automatically.
 * <p>
 * The events come from several producers that publish independently, so the outcome does not depend on the order
 * in which they arrive: an {@code ExceptionResolved} that overtakes its {@code ExceptionRaised} is remembered,
 * and the exception is born resolved; the delivery time is the first delivery's, whichever {@code Delivered}
 * comes first. An event that breaks the contract is refused (and dead-lettered) instead of acted on.
 */
@ApplicationScoped
@Transactional
public class OrderLifecycle {

    static final String SYSTEM = "system";

    @Inject
    Outbox outbox;

    @Inject
    OrderConfig config;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    @Inject
    BatchLookups lookups;

    /** Loads the orders a batch of events will change with one query, so that no handler runs one per event. */
    @Transactional(Transactional.TxType.MANDATORY)
    public OrderBatch prefetch(List<Event<?>> events) {
        return new OrderBatch(lookups.byTrackingNumber(CustomerOrder.class, "customer_order",
                BatchLookups.trackingNumbersOf(events), order -> order.trackingNumber));
    }

    /** {@code Delivered}: the order is delivered at the first delivery's time, and closed if already accepted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void delivered(OrderBatch batch, Event<Milestone> event) {
        batch.order(event.subject()).ifPresent(o -> delivered(o, occurred(event)));
    }

    /** {@code FeedbackReceived}: received in good order, the order is accepted (and closed, once delivered). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void feedback(OrderBatch batch, Event<FeedbackReceived> event) {
        batch.order(event.subject()).ifPresent(o -> feedback(o, event.data()));
    }

    /** {@code ExceptionRaised}: the shipment has an open exception, which keeps its order from closing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void exceptionRaised(OrderBatch batch, Event<ExceptionRaised> event) {
        OrderException.named(event.id(), event.subject()).raised(event.data().reason().name(), occurred(event));
    }

    /** {@code ExceptionResolved}: the exception it names is resolved (or born resolved, if it comes first). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void exceptionResolved(OrderBatch batch, Event<ExceptionResolved> event) {
        OrderException.named(event.data().raisedEventId(), event.subject()).resolved(occurred(event));
        batch.order(event.subject()).ifPresent(this::closeIfAccepted);
    }

    private static Instant occurred(Event<?> event) {
        return event.time().toInstant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Closes every delivered order whose quiet period has passed without an open exception; returns how many. */
    public int closeQuietOrders(Instant now) {
        Instant deliveredBefore = now.minus(config.quietPeriod());
        @SuppressWarnings("unchecked")
        List<UUID> ids = entityManager.createNativeQuery("""
                SELECT o.id FROM customer_order o
                WHERE o.status = 'DELIVERED' AND o.delivered_at <= ?1
                  AND NOT EXISTS (SELECT 1 FROM order_exception e
                                  WHERE e.tracking_number = o.tracking_number AND e.resolved_at IS NULL)
                ORDER BY o.delivered_at
                LIMIT 200
                FOR UPDATE SKIP LOCKED""", UUID.class)
                .setParameter(1, deliveredBefore)
                .getResultList();
        for (UUID id : ids) {
            CustomerOrder order = CustomerOrder.findById(id);
            close(order, OrderClosed.Reason.QUIET_PERIOD_PASSED, SYSTEM,
                    "no exception within " + config.quietPeriod() + " of delivery");
        }
        return ids.size();
    }

    /** Customer service closes an order by hand, with a note; allowed once it is confirmed or delivered. */
    public CustomerOrder closeByHand(UUID id, String note, String actor) {
        CustomerOrder order = lockedOrder(id);
        if (order.status != CustomerOrder.Status.CONFIRMED && order.status != CustomerOrder.Status.DELIVERED) {
            throw ProblemException.conflict("order " + id + " is " + order.status + " and cannot be closed");
        }
        close(order, OrderClosed.Reason.CLOSED_BY_CUSTOMER_SERVICE, actor, note);
        return order;
    }

    /** Customer service cancels an order that has not been delivered, with the reason. */
    public CustomerOrder cancel(UUID id, String reason, String actor) {
        CustomerOrder order = lockedOrder(id);
        if (order.status != CustomerOrder.Status.CONFIRMED) {
            throw ProblemException.conflict("order " + id + " is " + order.status + " and cannot be cancelled");
        }
        Instant now = now();
        order.status = CustomerOrder.Status.CANCELLED;
        order.closedAt = now;
        order.closeReason = "CANCELLED";
        order.updatedAt = now;
        OrderHistory.record(order.id, "CANCELLED", actor, reason, now);
        publish(EventType.ORDER_CANCELLED, order, now, new OrderCancelled(order.id.toString(), reason, actor));
        return order;
    }

    private void delivered(CustomerOrder order, Instant occurred) {
        if (order.deliveredAt != null && occurred.isBefore(order.deliveredAt)) {
            // the carrier's scan came after the proof of delivery that followed it: delivered at the first one
            order.deliveredAt = occurred;
            order.updatedAt = now();
        }
        if (order.status != CustomerOrder.Status.CONFIRMED) {
            return;
        }
        order.status = CustomerOrder.Status.DELIVERED;
        order.deliveredAt = occurred;
        order.updatedAt = now();
        OrderHistory.record(order.id, "DELIVERED", SYSTEM, null, order.updatedAt);
        closeIfAccepted(order);
    }

    private void feedback(CustomerOrder order, FeedbackReceived feedback) {
        if (!feedback.receivedInGoodOrder() || order.acceptedAt != null) {
            return;
        }
        order.acceptedAt = now();
        order.updatedAt = order.acceptedAt;
        OrderHistory.record(order.id, "ACCEPTED", "customer", "rating " + feedback.rating(), order.acceptedAt);
        closeIfAccepted(order);
    }

    private void closeIfAccepted(CustomerOrder order) {
        if (order.status == CustomerOrder.Status.DELIVERED && order.acceptedAt != null
                && !OrderException.anyOpen(order.trackingNumber)) {
            close(order, OrderClosed.Reason.ACCEPTED_BY_CUSTOMER, SYSTEM, "the customer confirmed receipt");
        }
    }

    private void close(CustomerOrder order, OrderClosed.Reason reason, String actor, String note) {
        Instant now = now();
        order.status = CustomerOrder.Status.CLOSED;
        order.closedAt = now;
        order.closeReason = reason.name();
        order.updatedAt = now;
        OrderHistory.record(order.id, "CLOSED", actor, reason + (note == null ? "" : ": " + note), now);
        publish(EventType.ORDER_CLOSED, order, now, new OrderClosed(order.id.toString(), reason, actor, note));
    }

    private void publish(EventType type, CustomerOrder order, Instant at, Object data) {
        outbox.add(Topics.SHIPMENT_LIFECYCLE, OrderService.AGGREGATE_TYPE, Events.create(type,
                OrderService.EVENT_SOURCE, order.trackingNumber, at.atOffset(ZoneOffset.UTC), data,
                Map.of("orderid", order.id.toString())));
    }

    private CustomerOrder lockedOrder(UUID id) {
        CustomerOrder order = entityManager.find(CustomerOrder.class, id,
                jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (order == null) {
            throw ProblemException.notFound("no order " + id);
        }
        return order;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
