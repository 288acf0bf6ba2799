package io.trackline.audit.query;

import java.time.Instant;

/** One audit record as ops see it: what was received, when, from where, and its link in the chain. */
public record AuditRecordView(
        long id,
        String eventId,
        String kind,
        String type,
        String trackingNumber,
        String orderId,
        String source,
        Instant eventTime,
        Instant recordedAt,
        String reason,
        String kafkaTopic,
        int kafkaPartition,
        long kafkaOffset,
        long chainSeq,
        String hash,
        String headers,
        String payload) {
}
