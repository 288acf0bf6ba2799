package io.trackline.order.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.order.service.OrderLifecycle;
import io.trackline.platform.messaging.EventBatches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Follows the shipment lifecycle to deliver and close orders. */
@ApplicationScoped
public class LifecycleConsumer {

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    EventBatches batches;

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        batches.process(OrderLifecycle.CONSUMER, records, lifecycle::prefetch, lifecycle::apply);
    }
}
