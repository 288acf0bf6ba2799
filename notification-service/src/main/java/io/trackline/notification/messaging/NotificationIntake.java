package io.trackline.notification.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.CloudEvent;
import io.trackline.notification.service.NotificationPlanner;
import io.trackline.platform.messaging.EventProcessing;
import io.trackline.platform.messaging.IncomingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Receives the shipment lifecycle and plans each event's messages through the communication matrix, in one
 * transaction with the processed event id. Sending happens later, in {@code NotificationSender}, so a slow SMTP
 * server or SMS provider never holds up the consumer. A record that is no valid event goes to the dead-letter
 * topic with the reason.
 */
@ApplicationScoped
public class NotificationIntake {

    @Inject
    NotificationPlanner planner;

    @Inject
    EventProcessing processing;

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        CloudEvent event = IncomingEvents.read(record);
        processing.inTransaction("planning messages for " + event.type() + " " + event.id(),
                () -> planner.plan(event));
    }
}
