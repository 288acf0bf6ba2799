package io.trackline.audit.query;

import io.trackline.audit.AuditRecord;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Which records a listing or an export covers; every criterion optional. {@code from} (inclusive) and {@code to}
 * (exclusive) are times of recording, which is what the table is partitioned by, so a time window only reads the
 * months it covers.
 */
public record AuditFilter(String trackingNumber, String orderId, String type, AuditRecord.Kind kind, Instant from,
        Instant to) {

    /** Appends {@code AND ...} conditions to {@code sql} and their values to {@code parameters}. */
    void appendTo(StringBuilder sql, List<Object> parameters) {
        condition(sql, parameters, "tracking_number = ?", trackingNumber);
        condition(sql, parameters, "order_id = ?", orderId);
        condition(sql, parameters, "type = ?", type);
        condition(sql, parameters, "kind = ?", kind == null ? null : kind.name());
        condition(sql, parameters, "recorded_at >= ?", from == null ? null : from.atOffset(ZoneOffset.UTC));
        condition(sql, parameters, "recorded_at < ?", to == null ? null : to.atOffset(ZoneOffset.UTC));
    }

    private static void condition(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        if (value != null) {
            sql.append(" AND ").append(condition);
            parameters.add(value);
        }
    }
}
