package io.trackline.audit.query;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/** The columns the read side selects, and how a row of them becomes a view. */
final class RecordRows {

    static final String COLUMNS = """
            id, event_id, kind, type, tracking_number, order_id, source, event_time, recorded_at, reason, kafka_topic,
            kafka_partition, kafka_offset, chain_seq, hash, headers, payload""";

    private RecordRows() {
    }

    static AuditRecordView read(ResultSet row) throws SQLException {
        return new AuditRecordView(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getString(7),
                row.getObject(8, OffsetDateTime.class).toInstant(), row.getObject(9, OffsetDateTime.class).toInstant(),
                row.getString(10), row.getString(11), row.getInt(12), row.getLong(13), row.getLong(14),
                row.getString(15), row.getString(16), row.getString(17));
    }

    static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
