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
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

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
    private static final String LOCK_TIMEOUT = "2s";

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
     * Drops the partitions past the retention, creates those from the month of {@code now} to
     * {@code partitions-ahead} months after it, and logs the heads of the chains. Skips when another replica is
     * at it; gives up (until the next run) rather than wait long for its lock on the table.
     */
    public MaintenanceReport run(Instant now) {
        YearMonth month = AuditPartitions.monthOf(now);
        YearMonth last = month.plusMonths(config.partitionsAhead());
        MaintenanceReport report = inLockedTransaction(false, connection -> {
            List<DroppedPartition> dropped = expire(connection, now);
            int created = AuditPartitions.ensure(connection, month, last);
            if (created > 0) {
                LOG.infof("created %d audit partition(s) up to %s", created, last);
            }
            return new MaintenanceReport(true, created, dropped);
        }).orElseGet(MaintenanceReport::skipped);
        if (report.ran()) {
            forgetProcessedIds(now);
            logHeads(month.minusMonths(1));
        }
        return report;
    }

    /** Creates the partitions of {@code from} to {@code to} that are missing (e.g. to load older records). */
    public int ensurePartitions(YearMonth from, YearMonth to) {
        return inLockedTransaction(true, connection -> AuditPartitions.ensure(connection, from, to)).orElseThrow();
    }

    /** Drops every partition whose records are all older than the retention at {@code now}; returns them. */
    public List<DroppedPartition> expire(Instant now) {
        List<DroppedPartition> dropped = inLockedTransaction(true, connection -> expire(connection, now))
                .orElseThrow();
        forgetProcessedIds(now);
        return dropped;
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
        Instant cutoff = cutoff(now, retention);
        // Count first: DDL locks audit_record until commit, so nothing slow may run after the first DROP
        Map<YearMonth, Long> expired = new TreeMap<>();
        NavigableMap<YearMonth, String> partitions = AuditPartitions.list(connection);
        for (Map.Entry<YearMonth, String> partition : partitions.headMap(AuditPartitions.monthOf(cutoff)).entrySet()) {
            expired.put(partition.getKey(), count(connection, partition.getValue()));
        }
        List<DroppedPartition> dropped = new ArrayList<>();
        for (Map.Entry<YearMonth, Long> month : expired.entrySet()) {
            dropped.add(drop(connection, month.getKey(), partitions.get(month.getKey()), month.getValue(), now,
                    retention, cutoff));
        }
        return dropped;
    }

    /**
     * Records are kept while they are younger than the retention; a month goes once its last instant is older
     * than that, so the month holding the cutoff stays whole.
     */
    static Instant cutoff(Instant now, int retentionMonths) {
        return now.atZone(ZoneOffset.UTC).minusMonths(retentionMonths).toInstant();
    }

    /**
     * Forgets the processed event ids older than every record still kept (their records are gone), in a
     * transaction of its own: it may touch many rows, and must not hold retention's lock on the table meanwhile.
     */
    private void forgetProcessedIds(Instant now) {
        Instant keptFrom = AuditPartitions.start(AuditPartitions.monthOf(cutoff(now, config.retentionMonths())));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement forget = connection.prepareStatement(
                     "DELETE FROM processed_event WHERE consumer = 'audit' AND processed_at < ?")) {
            forget.setObject(1, keptFrom.atOffset(ZoneOffset.UTC));
            int forgotten = forget.executeUpdate();
            if (forgotten > 0) {
                LOG.infof("retention: forgot %d processed event id(s) recorded before %s", forgotten, keptFrom);
            }
        } catch (SQLException e) {
            LOG.warnf("retention could not forget old processed event ids (next run tries again): %s",
                    e.getMessage());
        }
    }

    private static long count(Connection connection, String partition) throws SQLException {
        try (Statement count = connection.createStatement();
             ResultSet rows = count.executeQuery("SELECT count(*) FROM \"" + partition + "\"")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private DroppedPartition drop(Connection connection, YearMonth month, String partition, long records,
            Instant now, int retention, Instant cutoff) throws SQLException {
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

    private void logHeads(YearMonth since) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT month, last_seq, last_hash FROM audit_chain WHERE month >= ? ORDER BY month")) {
            statement.setObject(1, since.atDay(1));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    LOG.infof("audit chain %s: %d record(s), head %s",
                            YearMonth.from(rows.getObject(1, LocalDate.class)), rows.getLong(2), rows.getString(3));
                }
            }
        } catch (SQLException e) {
            LOG.warnf("cannot read the audit chain heads: %s", e.getMessage());
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
                try (Statement timeout = connection.createStatement()) {
                    // DDL waiting for its lock on audit_record would queue every writer behind it (e.g. during a
                    // long export or verification): give up soon instead, the next run tries again
                    timeout.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
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
