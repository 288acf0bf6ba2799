package io.trackline.exception.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.CloudEvent;
import io.trackline.exception.service.LifecycleFollower;
import io.trackline.platform.messaging.EventProcessing;
import io.trackline.platform.messaging.IncomingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Follows the shipment lifecycle; a record that is no valid event goes to the dead-letter topic. */
@ApplicationScoped
public class LifecycleConsumer {

    @Inject
    LifecycleFollower follower;

    @Inject
    EventProcessing processing;

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        CloudEvent event = IncomingEvents.read(record);
        processing.inTransaction("following " + event.type() + " " + event.id(), () -> follower.apply(event));
    }
}
