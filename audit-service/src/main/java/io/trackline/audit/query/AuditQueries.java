package io.trackline.audit.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.trackline.audit.AuditRecord;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Finds audit records: keyset-paged listings, newest first, and the story of one shipment. */
@ApplicationScoped
public class AuditQueries {

    @Inject
    AgroalDataSource dataSource;

    /** Up to {@code limit} records matching {@code filter}, newest first, starting below {@code after}. */
    public AuditPage list(AuditFilter filter, PageCursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + RecordRows.COLUMNS + " FROM audit_record WHERE TRUE");
        List<Object> parameters = new ArrayList<>();
        filter.appendTo(sql, parameters);
        if (after != null) {
            sql.append(" AND (recorded_at, id) < (?, ?)");
            parameters.add(after.recordedAt().atOffset(ZoneOffset.UTC));
            parameters.add(after.id());
        }
        sql.append(" ORDER BY recorded_at DESC, id DESC LIMIT ?");
        parameters.add(limit + 1);
        List<AuditRecordView> items = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            RecordRows.bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    items.add(RecordRows.read(rows));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list audit records", e);
        }
        if (items.size() <= limit) {
            return new AuditPage(items, null);
        }
        items.remove(limit);
        AuditRecordView last = items.get(limit - 1);
        return new AuditPage(items, new PageCursor(last.recordedAt(), last.id()));
    }

    /** Everything kept about a shipment in the order it happened; empty when nothing is. */
    public Optional<ShipmentHistory> history(String trackingNumber) {
        List<HistoryEntry> entries = new ArrayList<>();
        Set<String> orderIds = new LinkedHashSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT " + RecordRows.COLUMNS
                     + " FROM audit_record WHERE tracking_number = ? ORDER BY event_time, recorded_at, id")) {
            statement.setString(1, trackingNumber);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    AuditRecordView record = RecordRows.read(rows);
                    if (record.orderId() != null) {
                        orderIds.add(record.orderId());
                    }
                    entries.add(entry(record));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the history of " + trackingNumber, e);
        }
        return entries.isEmpty() ? Optional.empty()
                : Optional.of(new ShipmentHistory(trackingNumber, List.copyOf(orderIds), entries));
    }

    private static HistoryEntry entry(AuditRecordView record) {
        AuditRecord.Kind kind = AuditRecord.Kind.valueOf(record.kind());
        JsonNode data = kind == AuditRecord.Kind.DEAD_LETTER ? null : data(record);
        return new HistoryEntry(record.id(), record.eventTime(), record.recordedAt(), category(kind, record.type()),
                record.kind(), record.type(), record.eventId(), record.source(), record.orderId(), data,
                record.reason());
    }

    static String category(AuditRecord.Kind kind, String type) {
        if (kind == AuditRecord.Kind.COMMUNICATION) {
            return "COMMUNICATION";
        }
        if (kind == AuditRecord.Kind.DEAD_LETTER) {
            return "REJECTED";
        }
        Optional<EventType> known = EventType.fromTypeName(type);
        if (known.map(EventType::isMilestone).orElse(false)) {
            return "MILESTONE";
        }
        if (type != null && (type.startsWith("Exception") || type.startsWith("Escalation"))) {
            return "EXCEPTION";
        }
        if (type != null && type.startsWith("Order")) {
            return "ORDER";
        }
        if ("FeedbackReceived".equals(type)) {
            return "FEEDBACK";
        }
        return "OTHER";
    }

    /** The event's data: the whole value in binary mode (attributes in headers), its "data" in structured mode. */
    private static JsonNode data(AuditRecordView record) {
        try {
            JsonNode value = EventCodec.mapper().readTree(record.payload());
            boolean binary = record.headers() != null
                    && EventCodec.mapper().readTree(record.headers()).has(EventCodec.BINARY_HEADER_PREFIX + "specversion");
            return binary ? value : value == null ? null : value.get("data");
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
