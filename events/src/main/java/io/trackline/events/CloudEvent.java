package io.trackline.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope. {@code id} is unique per {@code source}; {@link #key()} is the idempotency key;
 * {@code subject} is the tracking number, {@code time} is when it happened. {@code extensions} holds further context attributes
 * (e.g. {@code orderid}, the order the shipment belongs to).
 */
public record CloudEvent(
        String id,
        String source,
        String type,
        String subject,
        OffsetDateTime time,
        String dataschema,
        JsonNode data,
        Map<String, String> extensions) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /**
     * The idempotency key: CloudEvents ids are unique per {@code source} only, so two producers' id "1" are two
     * events. A name-based UUID of both, the same for every redelivery of one event.
     */
    public String key() {
        return key(source, id);
    }

    /** {@link #key()} of the event {@code id} of {@code source}. */
    public static String key(String source, String id) {
        return UUID.nameUUIDFromBytes((source.length() + ":" + source + id).getBytes(StandardCharsets.UTF_8)).toString();
    }

    public String trackingNumber() {
        return subject;
    }

    public String extension(String name) {
        return extensions.get(name);
    }
}
