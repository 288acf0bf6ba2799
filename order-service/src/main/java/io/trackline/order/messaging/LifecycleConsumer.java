package io.trackline.order.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.CloudEvent;
import io.trackline.order.service.OrderLifecycle;
import io.trackline.platform.messaging.EventProcessing;
import io.trackline.platform.messaging.IncomingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Follows the shipment lifecycle to deliver and close orders. */
@ApplicationScoped
public class LifecycleConsumer {

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    EventProcessing processing;

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        CloudEvent event = IncomingEvents.read(record);
        processing.inTransaction("following " + event.type() + " " + event.id(), () -> lifecycle.apply(event));
    }
}
