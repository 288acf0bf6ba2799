package io.trackline.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Creates a fresh PostgreSQL database per test run on the machine's server (127.0.0.1:5432, trust auth by
 * default; {@code TRACKLINE_DB_HOST}, {@code TRACKLINE_DB_PORT}, {@code TRACKLINE_DB_USER} override).
 */
public final class TestDatabases {

    public static final String HOST = env("TRACKLINE_DB_HOST", "127.0.0.1");
    public static final String PORT = env("TRACKLINE_DB_PORT", "5432");
    public static final String USER = env("TRACKLINE_DB_USER", "postgres");
    public static final String PASSWORD = env("TRACKLINE_DB_PASSWORD", "");

    private TestDatabases() {
    }

    /** Creates {@code trackline_<service>_t<random>} and returns its name. */
    public static String create(String service) {
        String name = "trackline_" + service.replace('-', '_') + "_t"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute("CREATE DATABASE " + name);
        return name;
    }

    public static void drop(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    private static void execute(String sql) {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " refused: " + sql, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
