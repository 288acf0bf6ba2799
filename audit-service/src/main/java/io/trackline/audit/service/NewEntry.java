package io.trackline.audit.service;

import io.trackline.audit.AuditRecord;

import java.time.Instant;

/**
 * What a consumer asks to keep; {@link AuditWriter} adds the id, the time of recording and the chain link.
 * {@code eventTime} null means "when it was recorded" (an event without a time attribute).
 */
public record NewEntry(
        String eventId,
        AuditRecord.Kind kind,
        String type,
        String trackingNumber,
        String orderId,
        String source,
        Instant eventTime,
        String kafkaTopic,
        int kafkaPartition,
        long kafkaOffset,
        String reason,
        String headers,
        String payload) {
}
