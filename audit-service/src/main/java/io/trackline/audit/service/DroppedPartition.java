package io.trackline.audit.service;

import java.time.Instant;

/** A month that retention dropped, as kept in {@code audit_retention_log}, with the last link of its chain. */
public record DroppedPartition(String partition, String month, Instant droppedAt, int retentionMonths,
        Instant cutoff, long records, Long chainLastSeq, String chainLastHash) {
}
