package io.trackline.exception.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.EventType;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderCancelled;
import io.trackline.events.data.OrderClosed;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.exception.service.FollowedShipments;
import io.trackline.exception.service.LifecycleFollower;
import io.trackline.platform.messaging.EventBatches;
import io.trackline.platform.messaging.EventHandlers;
import io.trackline.platform.messaging.EventIntake;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Follows the shipment lifecycle through the typed pipeline ({@link EventBatches}): the order, the milestones,
 * reported exceptions, estimates, cancellation and closure. Each is checked against the contract's schemas first; a
 * record that is no valid event goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class LifecycleConsumer {

    public static final String CONSUMER = "exception-lifecycle";

    @Inject
    LifecycleFollower follower;

    @Inject
    EventBatches batches;

    private EventIntake<FollowedShipments> intake;

    @PostConstruct
    void buildIntake() {
        EventHandlers<FollowedShipments> handlers = new EventHandlers<FollowedShipments>()
                .on(EventType.ORDER_CONFIRMED, OrderConfirmed.class, follower::confirmed)
                .on(EventType.DISPATCHED, Milestone.class, follower::milestone)
                .on(EventType.IN_TRANSIT, Milestone.class, follower::milestone)
                .on(EventType.OUT_FOR_DELIVERY, Milestone.class, follower::milestone)
                .on(EventType.DELIVERED, Milestone.class, follower::milestone)
                .on(EventType.EXCEPTION_RAISED, ExceptionRaised.class, follower::exceptionRaised)
                .on(EventType.ORDER_CANCELLED, OrderCancelled.class, follower::cancelled)
                .on(EventType.ORDER_CLOSED, OrderClosed.class, follower::closed)
                .on(EventType.ETA_UPDATED, EtaUpdated.class, follower::etaUpdated);
        intake = new EventIntake<>(CONSUMER, handlers, follower::prefetch);
    }

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        batches.process(intake, records);
    }
}
