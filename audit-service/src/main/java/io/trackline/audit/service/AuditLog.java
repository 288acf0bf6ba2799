package io.trackline.audit.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trackline.audit.AuditRecord;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.platform.messaging.DeadLetters;
import io.trackline.platform.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Keeps what the consumers receive, once per event id, as rows of the audit chain. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AuditLog {

    public static final String CONSUMER = "audit";

    @Inject
    ProcessedEvents processed;

    @Inject
    AuditWriter writer;

    /**
     * Keeps a lifecycle event or communication record exactly as received (its data is not validated: audit keeps
     * what was said, right or wrong). The pipeline hands over each event once: a redelivery never reaches here.
     */
    public void keep(AuditRecord.Kind kind, CloudEvent event, ConsumerRecord<String, String> record,
            Map<String, String> headers) {
        writer.appendAtCommit(new NewEntry(event.id(), kind, event.type(), event.subject(), event.extension("orderid"),
                event.source(), event.time() == null ? null : event.time().toInstant(), record.topic(),
                record.partition(), record.offset(), null, json(headers), record.value()));
    }

    /**
     * Keeps a dead-letter record as it is, with the reason; identified by where it came from, since its content may
     * not even be an event. {@code event} is the event it carries, or null.
     */
    public boolean keepDeadLetter(ConsumerRecord<String, String> record, Map<String, String> headers,
            CloudEvent event) {
        String originTopic = headers.getOrDefault("dead-letter-topic", record.topic());
        String id = "dead-letter:" + originTopic + "/"
                + headers.getOrDefault("dead-letter-partition", String.valueOf(record.partition())) + "/"
                + headers.getOrDefault("dead-letter-offset", String.valueOf(record.offset()));
        String consumer = headers.get(DeadLetters.CONSUMER);
        if (consumer != null) {
            id += "/" + consumer; // several consumers may each give up on the same record: one audit record each
        }
        id = storable(id);
        if (!processed.firstTimeFor(CONSUMER, id)) {
            return false;
        }
        String trackingNumber = event != null && event.subject() != null ? event.subject()
                : record.key() != null && record.key().length() <= 40 ? storable(record.key()) : null;
        Map<String, String> storableHeaders = new TreeMap<>();
        headers.forEach((name, value) -> storableHeaders.put(storable(name), storable(value)));
        writer.append(new NewEntry(event == null ? id : event.id(), AuditRecord.Kind.DEAD_LETTER,
                event == null ? null : event.type(), trackingNumber,
                event == null ? null : event.extension("orderid"), storable(originTopic),
                Instant.ofEpochMilli(record.timestamp()), record.topic(), record.partition(), record.offset(),
                storableHeaders.get("dead-letter-reason"), json(storableHeaders), storable(record.value())));
        return true;
    }

    /**
     * PostgreSQL's text and jsonb hold no NUL character, and a dead letter is often there because it has one: it is
     * kept with each NUL written as the six characters {@code \u0000}.
     */
    private static String storable(String text) {
        return text == null ? null : text.replace("\u0000", "\\u0000");
    }

    private static String json(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        try {
            return EventCodec.mapper().writeValueAsString(new TreeMap<>(headers));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers cannot be written as JSON", e);
        }
    }
}
