package io.trackline.audit.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One step of a shipment's story. {@code category} is MILESTONE, EXCEPTION, COMMUNICATION, ORDER, FEEDBACK,
 * REJECTED (a dead-letter record: {@code reason} says why) or OTHER; {@code data} is the event's data (for a
 * communication: channel, recipient, template, status, provider, ...).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEntry(
        long auditId,
        Instant eventTime,
        Instant recordedAt,
        String category,
        String kind,
        String type,
        String eventId,
        String source,
        String orderId,
        JsonNode data,
        String reason) {
}
