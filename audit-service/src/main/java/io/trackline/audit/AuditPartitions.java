package io.trackline.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.TreeMap;
import java.util.NavigableMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The monthly partitions of {@code audit_record}: one per UTC month, named {@code audit_record_YYYY_MM}. */
public final class AuditPartitions {

    private static final Pattern NAME = Pattern.compile("audit_record_(\\d{4})_(\\d{2})");

    private AuditPartitions() {
    }

    public static String name(YearMonth month) {
        return "audit_record_%04d_%02d".formatted(month.getYear(), month.getMonthValue());
    }

    public static Optional<YearMonth> month(String name) {
        Matcher matcher = NAME.matcher(name);
        return matcher.matches()
                ? Optional.of(YearMonth.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))))
                : Optional.empty();
    }

    public static YearMonth monthOf(Instant instant) {
        return YearMonth.from(instant.atZone(ZoneOffset.UTC));
    }

    /** The first instant of {@code month} (UTC), where its partition starts. */
    public static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The monthly partitions that exist, oldest first; partitions not named by month are left out. */
    public static NavigableMap<YearMonth, String> list(Connection connection) throws SQLException {
        NavigableMap<YearMonth, String> partitions = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                WHERE i.inhparent = 'audit_record'::regclass""");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String name = rows.getString(1);
                month(name).ifPresent(month -> partitions.put(month, name));
            }
        }
        return partitions;
    }

    /** Creates the partitions of {@code from} to {@code to} that do not exist yet; returns how many it created. */
    public static int ensure(Connection connection, YearMonth from, YearMonth to) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT audit_ensure_partitions(?, ?)")) {
            statement.setObject(1, from.atDay(1));
            statement.setObject(2, to.atDay(1));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
