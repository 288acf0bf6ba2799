package io.trackline.exception.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.exception.service.LifecycleFollower;
import io.trackline.platform.messaging.EventBatches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Follows the shipment lifecycle; a record that is no valid event goes to the dead-letter topic. */
@ApplicationScoped
public class LifecycleConsumer {

    @Inject
    LifecycleFollower follower;

    @Inject
    EventBatches batches;

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        batches.process(LifecycleFollower.CONSUMER, records, follower::prefetch, follower::apply);
    }
}
