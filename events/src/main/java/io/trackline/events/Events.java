package io.trackline.events;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/** Creates events of the Trackline contract. */
public final class Events {

    private Events() {
    }

    /**
     * A new event with a fresh id. {@code source} names the producer (e.g. {@code /trackline/order-service}).
     */
    public static CloudEvent create(EventType type, String source, String trackingNumber, OffsetDateTime time,
            Object data, Map<String, String> extensions) {
        return new CloudEvent(UUID.randomUUID().toString(), source, type.typeName(), trackingNumber,
                time == null ? OffsetDateTime.now(ZoneOffset.UTC) : time, type.dataSchemaUri(),
                EventCodec.toDataNode(data), extensions);
    }

    /** {@code event} as the CloudEvent it was decoded from (the same attributes and data, as JSON again). */
    public static CloudEvent cloudEvent(Event<?> event) {
        return new CloudEvent(event.id(), event.source(), event.type().typeName(), event.subject(), event.time(),
                event.type().dataSchemaUri(), EventCodec.toDataNode(event.data()), event.extensions());
    }
}
