package io.trackline.platform.messaging;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads the CloudEvent of a Kafka record, structured or binary mode. */
public final class IncomingEvents {

    private IncomingEvents() {
    }

    /** Throws {@link io.trackline.events.InvalidEventException} with the reason when the record is no event. */
    public static CloudEvent read(ConsumerRecord<String, String> record) {
        return EventCodec.read(record.value(), headers(record));
    }

    public static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
