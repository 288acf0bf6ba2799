package io.trackline.order.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.EventType;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.events.data.FeedbackReceived;
import io.trackline.events.data.Milestone;
import io.trackline.order.service.OrderBatch;
import io.trackline.order.service.OrderLifecycle;
import io.trackline.platform.messaging.EventBatches;
import io.trackline.platform.messaging.EventHandlers;
import io.trackline.platform.messaging.EventIntake;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Follows the shipment lifecycle to deliver and close orders: {@code Delivered}, {@code FeedbackReceived},
 * {@code ExceptionRaised} and {@code ExceptionResolved}, through the typed pipeline ({@link EventBatches}); the
 * other types are not claimed. Each event is checked against the contract's schemas first: one that breaks it
 * could deliver or close the wrong order, and is dead-lettered instead.
 */
@ApplicationScoped
public class LifecycleConsumer {

    public static final String CONSUMER = "order-lifecycle";

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    EventBatches batches;

    private EventIntake<OrderBatch> intake;

    @PostConstruct
    void buildIntake() {
        EventHandlers<OrderBatch> handlers = new EventHandlers<OrderBatch>()
                .on(EventType.DELIVERED, Milestone.class, lifecycle::delivered)
                .on(EventType.FEEDBACK_RECEIVED, FeedbackReceived.class, lifecycle::feedback)
                .on(EventType.EXCEPTION_RAISED, ExceptionRaised.class, lifecycle::exceptionRaised)
                .on(EventType.EXCEPTION_RESOLVED, ExceptionResolved.class, lifecycle::exceptionResolved);
        intake = new EventIntake<>(CONSUMER, handlers, lifecycle::prefetch);
    }

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        batches.process(intake, records);
    }
}
