package io.trackline.audit.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.audit.AuditRecord;
import io.trackline.audit.service.AuditLog;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.InvalidEventException;
import io.trackline.platform.messaging.EventProcessing;
import io.trackline.platform.messaging.IncomingEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Map;

/** Keeps every lifecycle event, communication record and dead-letter record. */
@ApplicationScoped
public class AuditConsumers {

    @Inject
    AuditLog log;

    @Inject
    EventProcessing processing;

    @Incoming("lifecycle")
    @Blocking
    public void lifecycle(ConsumerRecord<String, String> record) {
        keep(AuditRecord.Kind.LIFECYCLE, record);
    }

    @Incoming("communications")
    @Blocking
    public void communications(ConsumerRecord<String, String> record) {
        keep(AuditRecord.Kind.COMMUNICATION, record);
    }

    @Incoming("dead-letter")
    @Blocking
    public void deadLetter(ConsumerRecord<String, String> record) {
        Map<String, String> headers = IncomingEvents.headers(record);
        String eventId = null;
        String type = null;
        try {
            CloudEvent event = EventCodec.read(record.value(), headers);
            eventId = event.id();
            type = event.type();
        } catch (InvalidEventException e) {
            // kept as it is: a dead-letter record often is no event at all
        }
        String id = eventId;
        String eventType = type;
        processing.inTransaction("keeping dead-letter record", () -> log.keepDeadLetter(record,
                headers.get("dead-letter-reason"), headers.getOrDefault("dead-letter-topic", record.topic()),
                headers.getOrDefault("dead-letter-partition", String.valueOf(record.partition())),
                headers.getOrDefault("dead-letter-offset", String.valueOf(record.offset())), id, eventType));
    }

    private void keep(AuditRecord.Kind kind, ConsumerRecord<String, String> record) {
        CloudEvent event = IncomingEvents.read(record);
        processing.inTransaction("keeping " + event.type() + " " + event.id(), () -> log.keep(kind, event, record));
    }
}
