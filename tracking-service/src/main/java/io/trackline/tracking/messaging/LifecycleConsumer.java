package io.trackline.tracking.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.CloudEvent;
import io.trackline.platform.messaging.EventProcessing;
import io.trackline.platform.messaging.IncomingEvents;
import io.trackline.tracking.service.ShipmentProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the shipment projection from the lifecycle topic. A record that is no valid event throws, which sends
 * it to the dead-letter topic with the reason, and the channel keeps running.
 */
@ApplicationScoped
public class LifecycleConsumer {

    @Inject
    ShipmentProjection projection;

    @Inject
    EventProcessing processing;

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        CloudEvent event = IncomingEvents.read(record);
        processing.inTransaction("projecting " + event.type() + " " + event.id(), () -> projection.apply(event));
    }
}
