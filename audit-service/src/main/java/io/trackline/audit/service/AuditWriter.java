package io.trackline.audit.service;

import io.trackline.audit.chain.ChainHash;
import io.trackline.audit.chain.ChainedRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends rows to the audit table, each linked into the hash chain of its month (UTC) of recording. The writer
 * locks its month's chain head for the rest of the transaction, so concurrent consumers (three channels, several
 * replicas) make the links of one chain strictly one after another, and a rolled-back append leaves no gap.
 * The batch consumers append {@linkplain #appendAtCommit at commit}: a transaction's rows are linked together at
 * its end, with one lock of the head and one JDBC batch, so the head stays locked for milliseconds, not for the
 * whole batch.
 */
@ApplicationScoped
public class AuditWriter {

    static final int MAX_KEY_LENGTH = 200;

    /** Creates the month's chain on its first row; either way locks the head and returns it. */
    private static final String LOCK_HEAD = """
            INSERT INTO audit_chain (month, last_seq, last_hash) VALUES (?, 0, ?)
            ON CONFLICT (month) DO UPDATE SET last_seq = audit_chain.last_seq
            RETURNING last_seq, last_hash""";
    private static final String IDS = "SELECT nextval('audit_record_id_seq') FROM generate_series(1, ?)";
    private static final String PENDING = AuditWriter.class.getName() + ":pending";
    private static final String INSERT = """
            INSERT INTO audit_record (id, chain_seq, recorded_at, event_time, event_id, kind, type, tracking_number,
                order_id, source, kafka_topic, kafka_partition, kafka_offset, reason, headers, payload, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String MOVE_HEAD = """
            UPDATE audit_chain SET last_seq = ?, last_hash = ?, last_id = ?, last_recorded_at = ? WHERE month = ?""";

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /** Appends {@code entry}, recorded now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ChainedRow append(NewEntry entry) {
        return append(entry, clock.instant());
    }

    /** Appends {@code entry} as recorded at {@code at}; its month's partition must exist. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ChainedRow append(NewEntry entry, Instant at) {
        return appendAll(List.of(entry), at).get(0);
    }

    /**
     * Appends {@code entry} just before this transaction commits, recorded then, with every other entry appended
     * this way in it: in the order given, linked with one lock of the head and inserted in one JDBC batch.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAtCommit(NewEntry entry) {
        @SuppressWarnings("unchecked")
        List<NewEntry> pending = (List<NewEntry>) transaction.getResource(PENDING);
        if (pending == null) {
            // the session joins the transaction first, so that it is still usable when ours runs at commit
            entityManager.joinTransaction();
            List<NewEntry> entries = new ArrayList<>();
            transaction.putResource(PENDING, entries);
            transaction.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    if (transaction.getTransactionStatus() == Status.STATUS_ACTIVE && !entries.isEmpty()) {
                        appendAll(entries, clock.instant());
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    // nothing to undo: the rows went with the transaction
                }
            });
            pending = entries;
        }
        pending.add(entry);
    }

    private List<ChainedRow> appendAll(List<NewEntry> entries, Instant at) {
        Instant recordedAt = at.truncatedTo(ChronoUnit.MICROS);
        YearMonth month = YearMonth.from(recordedAt.atZone(ZoneOffset.UTC));
        return entityManager.unwrap(Session.class).doReturningWork(connection -> link(connection, entries,
                recordedAt, month));
    }

    private static List<ChainedRow> link(Connection connection, List<NewEntry> entries, Instant recordedAt,
            YearMonth month) throws SQLException {
        long lastSeq;
        String lastHash;
        try (PreparedStatement head = connection.prepareStatement(LOCK_HEAD)) {
            head.setObject(1, month.atDay(1));
            head.setString(2, ChainHash.genesis(month));
            try (ResultSet row = head.executeQuery()) {
                row.next();
                lastSeq = row.getLong(1);
                lastHash = row.getString(2);
            }
        }
        List<Long> ids = new ArrayList<>(entries.size());
        try (PreparedStatement next = connection.prepareStatement(IDS)) {
            next.setInt(1, entries.size());
            try (ResultSet row = next.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getLong(1));
                }
            }
        }
        List<ChainedRow> rows = new ArrayList<>(entries.size());
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (int i = 0; i < entries.size(); i++) {
                NewEntry entry = entries.get(i);
                ChainedRow row = new ChainedRow(ids.get(i), lastSeq + 1, recordedAt,
                        entry.eventTime() == null ? recordedAt : entry.eventTime().truncatedTo(ChronoUnit.MICROS),
                        clip(entry.eventId()), entry.kind().name(), clip(entry.type()), clip(entry.trackingNumber()),
                        clip(entry.orderId()), clip(entry.source()), clip(entry.kafkaTopic()), entry.kafkaPartition(),
                        entry.kafkaOffset(), storable(entry.reason()), storable(entry.headers()),
                        entry.payload() == null ? "" : storable(entry.payload()));
                String hash = ChainHash.of(lastHash, row);
                insert.setLong(1, row.id());
                insert.setLong(2, row.chainSeq());
                insert.setObject(3, utc(row.recordedAt()));
                insert.setObject(4, utc(row.eventTime()));
                insert.setString(5, row.eventId());
                insert.setString(6, row.kind());
                text(insert, 7, row.type());
                text(insert, 8, row.trackingNumber());
                text(insert, 9, row.orderId());
                text(insert, 10, row.source());
                insert.setString(11, row.kafkaTopic());
                insert.setInt(12, row.kafkaPartition());
                insert.setLong(13, row.kafkaOffset());
                text(insert, 14, row.reason());
                text(insert, 15, row.headers());
                insert.setString(16, row.payload());
                insert.setString(17, lastHash);
                insert.setString(18, hash);
                insert.addBatch();
                rows.add(row);
                lastSeq = row.chainSeq();
                lastHash = hash;
            }
            insert.executeBatch();
        }
        ChainedRow last = rows.get(rows.size() - 1);
        try (PreparedStatement move = connection.prepareStatement(MOVE_HEAD)) {
            move.setLong(1, last.chainSeq());
            move.setString(2, lastHash);
            move.setLong(3, last.id());
            move.setObject(4, utc(last.recordedAt()));
            move.setObject(5, month.atDay(1));
            move.executeUpdate();
        }
        return rows;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static void text(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** Keys longer than their indexed column are cut (the payload keeps the whole value). */
    static String clip(String value) {
        String storable = storable(value);
        return storable == null || storable.length() <= MAX_KEY_LENGTH ? storable
                : storable.substring(0, MAX_KEY_LENGTH);
    }

    /** PostgreSQL text cannot hold NUL; a poison record may contain it, and must still be kept. */
    static String storable(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }
}
