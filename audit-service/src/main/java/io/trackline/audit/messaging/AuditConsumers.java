package io.trackline.audit.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.trackline.audit.AuditRecord;
import io.trackline.audit.service.AuditLog;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.InvalidEventException;
import io.trackline.platform.messaging.EventBatches;
import io.trackline.platform.messaging.EventProcessing;
import io.trackline.events.EventRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Map;

/**
 * Keeps every lifecycle event, communication record and dead-letter record. Communication records
 * ({@code CommunicationSent}, {@code CommunicationFailed}, ...) are kept like any event, their data unvalidated.
 * A record that is no CloudEvent goes to the dead-letter topic, from where this service keeps it too.
 */
@ApplicationScoped
public class AuditConsumers {

    @Inject
    AuditLog log;

    @Inject
    EventProcessing processing;

    @Inject
    EventBatches batches;

    @Incoming("lifecycle")
    @Blocking
    public void lifecycle(ConsumerRecords<String, String> records) {
        batches.processRecords(AuditLog.CONSUMER, records,
                (record, event) -> keep(AuditRecord.Kind.LIFECYCLE, record, event));
    }

    @Incoming("communications")
    @Blocking
    public void communications(ConsumerRecords<String, String> records) {
        batches.processRecords(AuditLog.CONSUMER, records,
                (record, event) -> keep(AuditRecord.Kind.COMMUNICATION, record, event));
    }

    @Incoming("dead-letter")
    @Blocking
    public void deadLetter(ConsumerRecord<String, String> record) {
        Map<String, String> headers = EventRecords.headers(record);
        CloudEvent event;
        try {
            event = EventCodec.read(record.value(), headers);
        } catch (RuntimeException e) {
            event = null; // kept as it is: a dead-letter record often is no event at all
        }
        CloudEvent carried = event;
        processing.inTransaction("keeping dead-letter record " + record.topic() + "/" + record.partition() + "/"
                + record.offset(), processing.deadline(), () -> log.keepDeadLetter(record, headers, carried));
    }

    private void keep(AuditRecord.Kind kind, ConsumerRecord<String, String> record, CloudEvent event) {
        log.keep(kind, event, record, EventRecords.headers(record));
    }
}
