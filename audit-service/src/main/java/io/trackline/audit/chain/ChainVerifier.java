package io.trackline.audit.chain;

import io.agroal.api.AgroalDataSource;
import io.trackline.audit.AuditPartitions;
import io.trackline.audit.config.AuditConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Recomputes the hash chains link by link, streaming through each month's rows in chain order within one
 * snapshot (repeatable read), so records committed meanwhile never look like a broken chain. Stops at the first
 * broken link.
 */
@ApplicationScoped
public class ChainVerifier {

    private static final Logger LOG = Logger.getLogger(ChainVerifier.class);
    private static final String ROWS = """
            SELECT id, chain_seq, recorded_at, event_time, event_id, kind, type, tracking_number, order_id, source,
                kafka_topic, kafka_partition, kafka_offset, reason, headers, payload, prev_hash, hash
            FROM "%s" ORDER BY chain_seq""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditConfig config;

    /** Checks every chain whose month overlaps [from, to); null bounds are open. */
    public VerifyReport verify(Instant from, Instant to) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement snapshot = connection.createStatement()) {
                    snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                return verify(connection, from, to);
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot verify the audit chains", e);
        }
    }

    private VerifyReport verify(Connection connection, Instant from, Instant to) throws SQLException {
        NavigableMap<YearMonth, String> partitions = AuditPartitions.list(connection);
        Map<YearMonth, Head> heads = heads(connection);
        TreeSet<YearMonth> months = new TreeSet<>(partitions.keySet());
        months.addAll(heads.keySet());
        int chains = 0;
        long records = 0;
        for (YearMonth month : months) {
            if ((to != null && !AuditPartitions.start(month).isBefore(to))
                    || (from != null && !AuditPartitions.start(month.plusMonths(1)).isAfter(from))) {
                continue;
            }
            Outcome outcome = verifyChain(connection, month, partitions.get(month), heads.get(month));
            chains++;
            records += outcome.records();
            if (outcome.broken() != null) {
                LOG.warnf("audit chain %s is broken: %s", month, outcome.broken());
                return new VerifyReport(from, to, false, chains, records, outcome.broken());
            }
        }
        return new VerifyReport(from, to, true, chains, records, null);
    }

    private Outcome verifyChain(Connection connection, YearMonth month, String partition, Head head)
            throws SQLException {
        if (partition == null) {
            return new Outcome(0, new VerifyReport.BrokenLink(month.toString(), AuditPartitions.name(month), null,
                    null, null, "PARTITION_MISSING", "the chain head records " + head.seq()
                    + " record(s), but the partition is gone and retention did not drop it", head.hash(), null));
        }
        String expectedPrev = ChainHash.genesis(month);
        long expectedSeq = 1;
        long records = 0;
        try (PreparedStatement statement = connection.prepareStatement(ROWS.formatted(partition),
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(config.fetchSize());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ChainedRow row = new ChainedRow(rows.getLong(1), rows.getLong(2),
                            rows.getObject(3, OffsetDateTime.class).toInstant(),
                            rows.getObject(4, OffsetDateTime.class).toInstant(), rows.getString(5), rows.getString(6),
                            rows.getString(7), rows.getString(8), rows.getString(9), rows.getString(10),
                            rows.getString(11), rows.getInt(12), rows.getLong(13), rows.getString(14),
                            rows.getString(15), rows.getString(16));
                    String storedPrev = rows.getString(17);
                    String storedHash = rows.getString(18);
                    records++;
                    if (row.chainSeq() != expectedSeq) {
                        return new Outcome(records, broken(month, partition, row, "SEQUENCE_GAP",
                                (row.chainSeq() - expectedSeq) + " record(s) missing before this one, or inserted",
                                Long.toString(expectedSeq), Long.toString(row.chainSeq())));
                    }
                    if (!expectedPrev.equals(storedPrev)) {
                        return new Outcome(records, broken(month, partition, row, "LINK_BROKEN",
                                "the previous record's hash differs from the one this record was linked to",
                                expectedPrev, storedPrev));
                    }
                    String recomputed = ChainHash.of(storedPrev, row);
                    if (!recomputed.equals(storedHash)) {
                        return new Outcome(records, broken(month, partition, row, "CONTENT_CHANGED",
                                "the record's fields no longer give the hash it was stored with", recomputed,
                                storedHash));
                    }
                    expectedPrev = storedHash;
                    expectedSeq++;
                }
            }
        }
        long lastSeq = expectedSeq - 1;
        if (head == null && records > 0) {
            return new Outcome(records, new VerifyReport.BrokenLink(month.toString(), partition, null, null, null,
                    "HEAD_MISSING", "the chain has " + records + " record(s) but no head", null, expectedPrev));
        }
        if (head != null && (head.seq() != lastSeq || !head.hash().equals(expectedPrev))) {
            String detail = head.seq() > lastSeq
                    ? "the chain head records " + head.seq() + " record(s) but the partition holds " + lastSeq
                    + ": records are missing at its end"
                    : head.seq() < lastSeq
                    ? "the partition holds " + lastSeq + " linked record(s) but the chain head only " + head.seq()
                    : "the last record is not the one the chain head recorded";
            return new Outcome(records, new VerifyReport.BrokenLink(month.toString(), partition, null, lastSeq, null,
                    "HEAD_MISMATCH", detail, head.hash(), expectedPrev));
        }
        return new Outcome(records, null);
    }

    private static VerifyReport.BrokenLink broken(YearMonth month, String partition, ChainedRow row, String problem,
            String detail, String expected, String stored) {
        return new VerifyReport.BrokenLink(month.toString(), partition, row.id(), row.chainSeq(), row.recordedAt(),
                problem, detail, expected, stored);
    }

    private static Map<YearMonth, Head> heads(Connection connection) throws SQLException {
        Map<YearMonth, Head> heads = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT month, last_seq, last_hash FROM audit_chain");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                heads.put(YearMonth.from(rows.getObject(1, LocalDate.class)),
                        new Head(rows.getLong(2), rows.getString(3)));
            }
        }
        return heads;
    }

    private record Head(long seq, String hash) {
    }

    private record Outcome(long records, VerifyReport.BrokenLink broken) {
    }
}
