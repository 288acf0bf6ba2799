package io.trackline.order.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.order.CustomerOrder;
import io.trackline.platform.messaging.IncomingEvents;
import io.trackline.platform.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.trackline.platform.messaging.EventProcessing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Instant;

/** Follows the shipment lifecycle to move orders on: an order whose shipment is delivered is DELIVERED. */
@ApplicationScoped
public class LifecycleConsumer {

    static final String CONSUMER = "order-lifecycle";

    @Inject
    ProcessedEvents processed;

    @Inject
    EventProcessing processing;

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        CloudEvent event = IncomingEvents.read(record);
        if (EventType.DELIVERED.typeName().equals(event.type())) {
            processing.inTransaction("delivering order of " + event.subject(), () -> markDelivered(event));
        }
    }

    void markDelivered(CloudEvent event) {
        if (!processed.firstTime(CONSUMER, event.id())) {
            return;
        }
        CustomerOrder.findByTrackingNumber(event.subject())
                .filter(order -> order.status == CustomerOrder.Status.CONFIRMED)
                .ifPresent(order -> {
                    order.status = CustomerOrder.Status.DELIVERED;
                    order.updatedAt = Instant.now();
                });
    }
}
