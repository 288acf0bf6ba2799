package io.trackline.systemtests.checker;

import java.time.OffsetDateTime;

/**
 * One event that went into the system and was accepted (acknowledged by the broker or answered 2xx by the API).
 * {@code id} is null for an {@link EventOrigin#ORDER_API} confirmation: order-service chooses it.
 */
public record PublishedEvent(String id, String source, String type, String trackingNumber, OffsetDateTime occurredAt,
        EventOrigin origin) {
}
