import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Fallback for machines without psql: runs one SQL statement through the PostgreSQL JDBC driver a built service
 * already carries, printing the first column of each row like `psql -Atc`. Usage (single-file source launch):
 * {@code java -cp postgresql.jar Sql.java jdbc:postgresql://host:port/postgres user "SELECT 1"}; password from
 * PGPASSWORD.
 */
public class Sql {
    public static void main(String[] args) throws Exception {
        String password = System.getenv().getOrDefault("PGPASSWORD", "");
        try (Connection c = DriverManager.getConnection(args[0], args[1], password);
             Statement s = c.createStatement()) {
            if (s.execute(args[2])) {
                try (ResultSet rs = s.getResultSet()) {
                    while (rs.next()) {
                        System.out.println(rs.getString(1));
                    }
                }
            }
        } catch (java.sql.SQLException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
