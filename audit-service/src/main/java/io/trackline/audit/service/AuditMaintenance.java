package io.trackline.audit.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.trackline.audit.AuditPartitions;
import io.trackline.audit.config.AuditConfig;
import io.trackline.audit.config.RetentionMonthsConverter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the monthly partitions: creates them ahead of time and drops whole months once they are older than the
 * retention (never row by row), recording each drop in {@code audit_retention_log}. Runs at start-up and on a
 * schedule; a PostgreSQL advisory lock makes one replica do it at a time. Logs each chain's head on every run, so
 * the log holds an outside copy of the chain (a rewritten chain no longer matches it).
 */
@ApplicationScoped
public class AuditMaintenance {

    private static final Logger LOG = Logger.getLogger(AuditMaintenance.class);
    /** The advisory lock of audit maintenance ("AUDITMNT"). */
    static final long LOCK = 0x41554449544D4E54L;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditConfig config;

    @Inject
    Clock clock;

    void atStart(@Observes StartupEvent event) {
        try {
            run(clock.instant());
        } catch (RuntimeException e) {
            LOG.errorf(e, "audit maintenance failed at start-up; the schedule will try again");
        }
    }

    @Scheduled(identity = "audit-maintenance", every = "${trackline.audit.maintenance-interval:1h}",
            delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run(clock.instant());
    }

    /**
     * Creates the partitions from the month of {@code now} to {@code partitions-ahead} months after it, drops those
     * past the retention and logs the heads of the chains. Skips when another replica is at it.
     */
    public MaintenanceReport run(Instant now) {
        return inLockedTransaction(false, connection -> {
            YearMonth month = AuditPartitions.monthOf(now);
            int created = AuditPartitions.ensure(connection, month, month.plusMonths(config.partitionsAhead()));
            if (created > 0) {
                LOG.infof("created %d audit partition(s) up to %s", created, month.plusMonths(config.partitionsAhead()));
            }
            List<DroppedPartition> dropped = expire(connection, now);
            logHeads(connection, month.minusMonths(1));
            return new MaintenanceReport(true, created, dropped);
        }).orElseGet(MaintenanceReport::skipped);
    }

    /** Creates the partitions of {@code from} to {@code to} that are missing (e.g. to load older records). */
    public int ensurePartitions(YearMonth from, YearMonth to) {
        return inLockedTransaction(true, connection -> AuditPartitions.ensure(connection, from, to)).orElseThrow();
    }

    /** Drops every partition whose records are all older than the retention at {@code now}; returns them. */
    public List<DroppedPartition> expire(Instant now) {
        return inLockedTransaction(true, connection -> expire(connection, now)).orElseThrow();
    }

    /** What retention has dropped so far, most recent first. */
    public List<DroppedPartition> dropped() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT partition_name, month, dropped_at, retention_months, cutoff, row_count, chain_last_seq,
                         chain_last_hash
                     FROM audit_retention_log ORDER BY dropped_at DESC, id DESC""");
             ResultSet rows = statement.executeQuery()) {
            List<DroppedPartition> dropped = new ArrayList<>();
            while (rows.next()) {
                dropped.add(new DroppedPartition(rows.getString(1),
                        YearMonth.from(rows.getObject(2, LocalDate.class)).toString(),
                        rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getInt(4),
                        rows.getObject(5, OffsetDateTime.class).toInstant(), rows.getLong(6),
                        (Long) rows.getObject(7), rows.getString(8)));
            }
            return dropped;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the retention log", e);
        }
    }

    private List<DroppedPartition> expire(Connection connection, Instant now) throws SQLException {
        int retention = RetentionMonthsConverter.check(config.retentionMonths());
        Instant cutoff = now.atZone(ZoneOffset.UTC).minusMonths(retention).toInstant();
        // A month goes once its last instant is older than the cutoff: the month holding the cutoff stays whole.
        YearMonth firstKept = AuditPartitions.monthOf(cutoff);
        List<DroppedPartition> dropped = new ArrayList<>();
        for (Map.Entry<YearMonth, String> partition : AuditPartitions.list(connection).headMap(firstKept).entrySet()) {
            dropped.add(drop(connection, partition.getKey(), partition.getValue(), now, retention, cutoff));
        }
        try (PreparedStatement forget = connection.prepareStatement(
                "DELETE FROM processed_event WHERE consumer = 'audit' AND processed_at < ?")) {
            forget.setObject(1, AuditPartitions.start(firstKept).atOffset(ZoneOffset.UTC));
            int forgotten = forget.executeUpdate();
            if (forgotten > 0) {
                LOG.infof("retention: forgot %d processed event id(s) recorded before %s", forgotten, firstKept);
            }
        }
        return dropped;
    }

    private DroppedPartition drop(Connection connection, YearMonth month, String partition, Instant now,
            int retention, Instant cutoff) throws SQLException {
        long records;
        try (Statement count = connection.createStatement();
             ResultSet rows = count.executeQuery("SELECT count(*) FROM \"" + partition + "\"")) {
            rows.next();
            records = rows.getLong(1);
        }
        Long lastSeq = null;
        String lastHash = null;
        try (PreparedStatement head = connection.prepareStatement(
                "DELETE FROM audit_chain WHERE month = ? RETURNING last_seq, last_hash")) {
            head.setObject(1, month.atDay(1));
            try (ResultSet rows = head.executeQuery()) {
                if (rows.next()) {
                    lastSeq = rows.getLong(1);
                    lastHash = rows.getString(2);
                }
            }
        }
        try (Statement ddl = connection.createStatement()) {
            // Dropping needs a moment's exclusive lock on audit_record: wait for it only so long, retry next run
            ddl.execute("SET LOCAL lock_timeout = '10s'");
            ddl.execute("DROP TABLE \"" + partition + "\"");
        }
        try (PreparedStatement log = connection.prepareStatement("""
                INSERT INTO audit_retention_log (partition_name, month, dropped_at, retention_months, cutoff,
                    row_count, chain_last_seq, chain_last_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            log.setString(1, partition);
            log.setObject(2, month.atDay(1));
            log.setObject(3, now.atOffset(ZoneOffset.UTC));
            log.setInt(4, retention);
            log.setObject(5, cutoff.atOffset(ZoneOffset.UTC));
            log.setLong(6, records);
            log.setObject(7, lastSeq);
            log.setString(8, lastHash);
            log.executeUpdate();
        }
        LOG.infof("retention: dropped partition %s (%d record(s), chain head %s/%s): older than %d months, before %s",
                partition, records, lastSeq, lastHash, retention, cutoff);
        return new DroppedPartition(partition, month.toString(), now, retention, cutoff, records, lastSeq, lastHash);
    }

    private static void logHeads(Connection connection, YearMonth since) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT month, last_seq, last_hash FROM audit_chain WHERE month >= ? ORDER BY month")) {
            statement.setObject(1, since.atDay(1));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    LOG.infof("audit chain %s: %d record(s), head %s",
                            YearMonth.from(rows.getObject(1, LocalDate.class)), rows.getLong(2), rows.getString(3));
                }
            }
        }
    }

    /** Runs {@code work} in a transaction holding the maintenance lock; empty when not waiting and it is taken. */
    private <T> Optional<T> inLockedTransaction(boolean wait, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!lock(connection, wait)) {
                    connection.rollback();
                    LOG.debug("audit maintenance is running on another replica; skipped");
                    return Optional.empty();
                }
                T result = work.run(connection);
                connection.commit();
                return Optional.of(result);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit maintenance failed: " + e.getMessage(), e);
        }
    }

    private static boolean lock(Connection connection, boolean wait) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(wait
                ? "SELECT pg_advisory_xact_lock(?)" : "SELECT pg_try_advisory_xact_lock(?)")) {
            statement.setLong(1, LOCK);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return wait || rows.getBoolean(1);
            }
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
