package io.trackline.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Events as Kafka records, by the CloudEvents Kafka protocol binding: written in structured mode with the
 * {@code content-type} header the binding asks for (so the CloudEvents SDK's own deserializer reads every record
 * we write), keyed by tracking number; read in structured or binary mode.
 */
public final class EventRecords {

    /** What the binding puts in {@code content-type} for a structured-mode JSON event. */
    public static final String STRUCTURED_CONTENT_TYPE = CloudEvent.STRUCTURED_CONTENT_TYPE + "; charset=UTF-8";

    private EventRecords() {
    }

    /** The record for {@code event} on {@code topic}, keyed by its tracking number. */
    public static ProducerRecord<String, String> structured(String topic, CloudEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.subject(), EventCodec.toJson(event));
        record.headers().add(EventCodec.CONTENT_TYPE_HEADER, STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Throws {@link InvalidEventException} with the reason when the record is no event, however malformed. */
    public static CloudEvent read(ConsumerRecord<String, String> record) {
        return EventCodec.read(record.value(), headers(record));
    }

    /** The record's headers as text; a header without a value maps to null. */
    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
