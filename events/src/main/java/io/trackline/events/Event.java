package io.trackline.events;

import io.trackline.events.data.EventData;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * An event of the contract, decoded once at a service's edge: its {@link EventType} and its data bound to the
 * type's record ({@link EventType#dataType()}). Past the edge, code works with this and never with JSON.
 * {@link #key()} is the idempotency key (source and id), {@code subject} the tracking number.
 */
public record Event<D extends EventData>(
        String id,
        String source,
        EventType type,
        String subject,
        OffsetDateTime time,
        D data,
        Map<String, String> extensions) {

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (!type.dataType().isInstance(data)) {
            throw new IllegalArgumentException(type + " carries " + type.dataType().getSimpleName() + ", not "
                    + data.getClass().getSimpleName());
        }
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /**
     * Decodes {@code event}: {@link InvalidEventException} with the reason when its type is not in the contract or
     * its data does not bind to the type's record.
     */
    public static Event<?> of(CloudEvent event) {
        return of(event, typeOf(event));
    }

    /** {@link #of(CloudEvent)} for an event whose type {@link #typeOf} already gave. */
    public static Event<?> of(CloudEvent event, EventType type) {
        return of(event, type, type.dataType());
    }

    /** The event's type: {@link InvalidEventException} when it is not in the contract. */
    public static EventType typeOf(CloudEvent event) {
        return EventType.fromTypeName(event.type()).orElseThrow(() ->
                new InvalidEventException("unknown event type '" + event.type() + "'"));
    }

    private static <D extends EventData> Event<D> of(CloudEvent event, EventType type, Class<D> dataType) {
        if (event.data() == null || event.data().isNull()) {
            throw new InvalidEventException(type.typeName() + " " + event.id() + " has no data");
        }
        return new Event<>(event.id(), event.source(), type, event.subject(), event.time(),
                EventCodec.dataAs(event, dataType), event.extensions());
    }

    public String key() {
        return CloudEvent.key(source, id);
    }

    public String trackingNumber() {
        return subject;
    }

    public String extension(String name) {
        return extensions.get(name);
    }
}
