package io.trackline.notification.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.notification.service.NotificationPlanner;
import io.trackline.platform.messaging.EventBatches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
    EventBatches batches;

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        batches.process(NotificationPlanner.CONSUMER, records, planner::prefetch, planner::plan);
    }
}
