package io.trackline.notification.planning;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.EventType;
import io.trackline.events.Topics;
import io.trackline.platform.messaging.EventBatches;
import io.trackline.platform.messaging.EventHandlers;
import io.trackline.platform.messaging.EventIntake;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Receives the shipment lifecycle through the typed pipeline ({@link EventBatches}) and plans each event's messages
 * through the communication matrix, in one transaction with the processed event ids. It follows every type of the
 * lifecycle topic: each one changes what the customer may still be told. Sending happens later, in
 * {@code NotificationSender}, so a slow SMTP server or SMS provider never holds up the consumer. A record that is
 * no valid event goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class NotificationIntake {

    public static final String CONSUMER = "notification-intake";

    @Inject
    NotificationPlanner planner;

    @Inject
    EventBatches batches;

    private EventIntake<PlanningBatch> intake;

    @PostConstruct
    void buildIntake() {
        EventHandlers<PlanningBatch> handlers = new EventHandlers<>();
        for (EventType type : EventType.values()) {
            if (Topics.SHIPMENT_LIFECYCLE.equals(type.topic())) {
                handlers.on(type, type.dataType(), planner::plan);
            }
        }
        intake = new EventIntake<>(CONSUMER, handlers, planner::prefetch);
    }

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        batches.process(intake, records);
    }
}
