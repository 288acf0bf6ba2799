package io.trackline.tracking.page;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.CloudEvent;
import io.trackline.events.InvalidEventException;
import io.trackline.events.EventRecords;
import io.trackline.tracking.ShipmentEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Pushes fresh views to the tracking pages open on this replica. It reads the lifecycle topic in a consumer
 * group of its own (one per replica, from the latest offset) and, for a watched shipment, waits until the
 * projection (on whichever replica) has recorded the event before it reads the view from the database.
 * Nothing is lost if it misses an update: the projection is the record, and a page reconnecting gets the current
 * view first.
 */
@ApplicationScoped
public class LiveUpdateConsumer {

    private static final int WAIT_ROUNDS = 50;
    private static final long WAIT_MILLIS = 100;

    @Inject
    LiveUpdates live;

    @Inject
    PublicShipments views;

    @Incoming("live-updates")
    @Blocking
    public void onEvent(ConsumerRecord<String, String> record) throws InterruptedException {
        if (!live.isWatched(record.key())) {
            return;
        }
        CloudEvent event;
        try {
            event = EventRecords.read(record);
        } catch (InvalidEventException e) {
            return; // the projection's consumer dead-letters it
        }
        for (int round = 0; round < WAIT_ROUNDS && !projected(event.key()); round++) {
            Thread.sleep(WAIT_MILLIS);
        }
        QuarkusTransaction.requiringNew().run(() -> views.find(event.subject()).ifPresent(live::push));
    }

    private static boolean projected(String eventKey) {
        return QuarkusTransaction.requiringNew().call(() -> ShipmentEvent.findByIdOptional(eventKey).isPresent());
    }
}
