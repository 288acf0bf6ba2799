package io.trackline.tracking.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.EventType;
import io.trackline.events.Topics;
import io.trackline.platform.messaging.EventBatches;
import io.trackline.platform.messaging.EventHandlers;
import io.trackline.platform.messaging.EventIntake;
import io.trackline.tracking.service.ProjectionBatch;
import io.trackline.tracking.service.ShipmentProjection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Feeds the shipment projection from the lifecycle topic through the typed pipeline ({@link EventBatches}), a
 * poll's worth of records per transaction. It follows every type of the lifecycle topic (each enters the timeline),
 * checked against the contract's schemas; a record that is no valid event goes to the dead-letter topic with the
 * reason, and the others are projected.
 */
@ApplicationScoped
public class LifecycleConsumer {

    @Inject
    ShipmentProjection projection;

    @Inject
    EventBatches batches;

    private EventIntake<ProjectionBatch> intake;

    @PostConstruct
    void buildIntake() {
        EventHandlers<ProjectionBatch> handlers = new EventHandlers<>();
        for (EventType type : EventType.values()) {
            if (Topics.SHIPMENT_LIFECYCLE.equals(type.topic())) {
                handlers.on(type, type.dataType(), projection::apply);
            }
        }
        intake = new EventIntake<>(ShipmentProjection.CONSUMER, handlers, projection::prefetch);
    }

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        batches.process(intake, records);
    }
}
