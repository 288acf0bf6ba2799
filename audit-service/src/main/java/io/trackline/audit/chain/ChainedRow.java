package io.trackline.audit.chain;

import java.time.Instant;

/**
 * The fields of an audit row that its hash covers, as stored (timestamps at microsecond precision, as PostgreSQL
 * keeps them). The chain position and the id are covered too, so a row cannot be moved or renumbered unnoticed.
 */
public record ChainedRow(
        long id,
        long chainSeq,
        Instant recordedAt,
        Instant eventTime,
        String eventId,
        String kind,
        String type,
        String trackingNumber,
        String orderId,
        String source,
        String kafkaTopic,
        int kafkaPartition,
        long kafkaOffset,
        String reason,
        String headers,
        String payload) {
}
