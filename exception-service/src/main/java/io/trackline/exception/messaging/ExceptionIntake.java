package io.trackline.exception.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.events.CloudEvent;
import io.trackline.platform.messaging.EventProcessing;
import io.trackline.platform.messaging.IncomingEvents;
import io.trackline.platform.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Receives the shipment lifecycle. Exception cases, detection and escalation come with the exception-service issue; until then each event is acknowledged once and remembered as processed.
 */
@ApplicationScoped
public class ExceptionIntake {

    private static final Logger LOG = Logger.getLogger(ExceptionIntake.class);
    static final String CONSUMER = "exception-intake";

    @Inject
    ProcessedEvents processed;

    @Inject
    EventProcessing processing;

    @Incoming("lifecycle")
    @Blocking
    public void consume(ConsumerRecord<String, String> record) {
        CloudEvent event = IncomingEvents.read(record);
        processing.inTransaction("receiving " + event.type() + " " + event.id(), () -> {
            if (processed.firstTime(CONSUMER, event.id())) {
                LOG.debugf("received %s %s for %s", event.type(), event.id(), event.subject());
            }
        });
    }
}
