package io.trackline.audit.service;

import io.trackline.audit.AuditRecord;
import io.trackline.events.CloudEvent;
import io.trackline.platform.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Appends records to the audit log, once per event id. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AuditLog {

    static final String CONSUMER = "audit";

    @Inject
    ProcessedEvents processed;

    /** Keeps a lifecycle event or communication record. */
    public void keep(AuditRecord.Kind kind, CloudEvent event, ConsumerRecord<String, String> record) {
        if (!processed.firstTime(CONSUMER, event.id())) {
            return;
        }
        AuditRecord entry = base(kind, event.id(), record);
        entry.type = event.type();
        entry.trackingNumber = event.subject();
        entry.orderId = event.extension("orderid");
        entry.source = event.source();
        entry.eventTime = event.time() == null ? entry.recordedAt : event.time().toInstant();
        entry.persist();
    }

    /**
     * Keeps a dead-letter record as it is, with the reason; identified by where it came from, since its
     * content may not even be an event.
     */
    public void keepDeadLetter(ConsumerRecord<String, String> record, String reason, String originTopic,
            String originPartition, String originOffset, String eventId, String type) {
        String id = "dead-letter:" + originTopic + "/" + originPartition + "/" + originOffset;
        if (!processed.firstTime(CONSUMER, id)) {
            return;
        }
        AuditRecord entry = base(AuditRecord.Kind.DEAD_LETTER, eventId == null ? id : eventId, record);
        entry.type = type;
        entry.trackingNumber = record.key() != null && record.key().length() <= 40 ? record.key() : null;
        entry.source = originTopic;
        entry.eventTime = Instant.ofEpochMilli(record.timestamp());
        entry.reason = reason;
        entry.persist();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AuditRecord> byTrackingNumber(String trackingNumber) {
        return AuditRecord.list("trackingNumber = ?1 order by recordedAt desc, id desc", trackingNumber);
    }

    private static AuditRecord base(AuditRecord.Kind kind, String eventId, ConsumerRecord<String, String> record) {
        AuditRecord entry = new AuditRecord();
        entry.kind = kind;
        entry.eventId = eventId;
        entry.recordedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        entry.kafkaTopic = record.topic();
        entry.kafkaPartition = record.partition();
        entry.kafkaOffset = record.offset();
        entry.payload = record.value() == null ? "" : record.value();
        return entry;
    }
}
