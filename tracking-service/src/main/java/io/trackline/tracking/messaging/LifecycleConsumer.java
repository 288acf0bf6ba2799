package io.trackline.tracking.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.platform.messaging.EventBatches;
import io.trackline.tracking.service.ShipmentProjection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Feeds the shipment projection from the lifecycle topic, a poll's worth of records per transaction. A record
 * that is no valid event goes to the dead-letter topic with the reason, and the others are projected.
 */
@ApplicationScoped
public class LifecycleConsumer {

    @Inject
    ShipmentProjection projection;

    @Inject
    EventBatches batches;

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        batches.process(ShipmentProjection.CONSUMER, records, projection::prefetch, projection::apply);
    }
}
