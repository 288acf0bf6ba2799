package io.trackline.audit.rest;

import io.trackline.audit.AuditRecord;

import java.time.Instant;

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
        String payload) {

    public static AuditRecordView of(AuditRecord r) {
        return new AuditRecordView(r.id, r.eventId, r.kind.name(), r.type, r.trackingNumber, r.orderId, r.source,
                r.eventTime, r.recordedAt, r.reason, r.payload);
    }
}
