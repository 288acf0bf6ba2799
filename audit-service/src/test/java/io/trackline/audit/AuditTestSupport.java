package io.trackline.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.trackline.audit.chain.ChainedRow;
import io.trackline.audit.service.AuditWriter;
import io.trackline.audit.service.NewEntry;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.data.Milestone;
import io.trackline.testing.TestDatabases;
import io.trackline.testing.TracklineTestEnvironment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Events, communication records and direct database access for the audit tests. */
final class AuditTestSupport {

    private AuditTestSupport() {
    }

    static CloudEvent milestone(EventType type, String trackingNumber, String orderId, OffsetDateTime time) {
        return Events.create(type, "/test/carrier", trackingNumber, time,
                new Milestone(null, "ACME", "NL", type.typeName(), null, null, null, null),
                orderId == null ? Map.of() : Map.of("orderid", orderId));
    }

    /**
     * A communication record as notification-service will publish it (its contract is not in the events module
     * yet): a structured CloudEvent, subject = tracking number, extension orderid.
     */
    static CloudEvent communication(String type, String trackingNumber, String orderId, OffsetDateTime time,
            String channel, String template, String status) {
        ObjectNode data = EventCodec.mapper().createObjectNode()
                .put("channel", channel)
                .put("recipient", channel.equals("SMS") ? "+3161***678" : "g***@example.com")
                .put("template", template)
                .put("subject", "Your parcel " + trackingNumber)
                .put("status", status)
                .put("provider", channel.equals("SMS") ? "twilio" : "smtp")
                .put("providerMessageId", UUID.randomUUID().toString())
                .put("attempts", 1);
        Map<String, String> extensions = new HashMap<>();
        extensions.put("orderid", orderId);
        return new CloudEvent(UUID.randomUUID().toString(), "/trackline/notification-service", type, trackingNumber,
                time, null, data, extensions);
    }

    /** Appends a properly chained record as recorded at {@code at}, in its own transaction. */
    static ChainedRow append(AuditWriter writer, String eventId, Instant at) {
        return QuarkusTransaction.requiringNew().call(() -> writer.append(new NewEntry(eventId,
                AuditRecord.Kind.LIFECYCLE, "InTransit", "TLTEST", "o-test", "/test", at.minusSeconds(5),
                "trackline.shipment.lifecycle", 0, 0, null, null,
                "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\"}"), at));
    }

    static Connection db() throws SQLException {
        return TestDatabases.connect(TracklineTestEnvironment.database());
    }

    static long count(String sql, Object... parameters) {
        try (Connection db = db(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String stringValue(String sql, Object... parameters) {
        try (Connection db = db(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code sql} the way someone with direct database access would, past the append-only trigger. */
    static int tamper(String sql, Object... parameters) {
        try (Connection db = db()) {
            try (Statement statement = db.createStatement()) {
                statement.execute("SET session_replication_role = replica");
            }
            try (PreparedStatement statement = db.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean tableExists(String name) {
        return count("SELECT count(*) FROM pg_class WHERE relname = ?", name) == 1;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
