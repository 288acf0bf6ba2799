package io.trackline.platform.outbox;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code outbox_parked} table: outbox rows that failed for good, with the reason. {@link OutboxRelay} parks a
 * row in its own transaction; ops list them and move one back to the outbox once its cause is fixed.
 */
@ApplicationScoped
public class ParkedOutbox {

    private static final String PARK = """
            WITH moved AS (DELETE FROM outbox WHERE id = ?
                           RETURNING id, seq, aggregatetype, aggregateid, type, timestamp, payload, topic)
            INSERT INTO outbox_parked (id, seq, aggregatetype, aggregateid, type, timestamp, payload, topic, reason)
            SELECT moved.*, ? FROM moved""";
    private static final String RETRY = """
            WITH moved AS (DELETE FROM outbox_parked WHERE id = ?
                           RETURNING id, aggregatetype, aggregateid, type, timestamp, payload, topic)
            INSERT INTO outbox (id, aggregatetype, aggregateid, type, timestamp, payload, topic)
            SELECT * FROM moved""";
    private static final String LIST = """
            SELECT id, aggregatetype, aggregateid, type, topic, timestamp, octet_length(payload) AS payload_bytes,
                   reason, parked_at
            FROM outbox_parked ORDER BY parked_at DESC, id LIMIT ?""";

    /** A parked row as ops see it: everything but the payload, which can be megabytes. */
    public record Row(UUID id, String aggregateType, String aggregateId, String type, String topic,
                      Instant timestamp, long payloadBytes, String reason, Instant parkedAt) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** Moves an outbox row here within the caller's transaction ({@code connection}). */
    void park(Connection connection, UUID id, String reason) throws SQLException {
        try (PreparedStatement park = connection.prepareStatement(PARK)) {
            park.setObject(1, id);
            park.setString(2, reason);
            park.executeUpdate();
        }
    }

    /** Moves a parked row back to the end of the outbox; false if there is no such parked row. */
    public boolean retry(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement retry = connection.prepareStatement(RETRY)) {
            retry.setObject(1, id);
            return retry.executeUpdate() == 1;
        }
    }

    /** The most recently parked rows first. */
    public List<Row> list(int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement list = connection.prepareStatement(LIST)) {
            list.setInt(1, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = list.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getObject("id", UUID.class), result.getString("aggregatetype"),
                            result.getString("aggregateid"), result.getString("type"), result.getString("topic"),
                            result.getTimestamp("timestamp").toInstant(), result.getLong("payload_bytes"),
                            result.getString("reason"), result.getTimestamp("parked_at").toInstant()));
                }
            }
            return rows;
        }
    }

    public long count() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM outbox_parked")) {
            result.next();
            return result.getLong(1);
        }
    }
}
