package io.trackline.audit.query;

import io.agroal.api.AgroalDataSource;
import io.trackline.audit.config.AuditConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams records to an output, oldest first, through a server-side cursor (a transaction with a fetch size): the
 * export holds one fetch of rows and one buffer of text at a time, however many rows it covers.
 */
@ApplicationScoped
public class AuditExport {

    private static final Logger LOG = Logger.getLogger(AuditExport.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditConfig config;

    /** Writes every record matching {@code filter} to {@code out} (left open); returns how many. */
    public long write(AuditFilter filter, ExportFormat format, OutputStream out) throws IOException {
        StringBuilder sql = new StringBuilder("SELECT " + RecordRows.COLUMNS + " FROM audit_record WHERE TRUE");
        List<Object> parameters = new ArrayList<>();
        filter.appendTo(sql, parameters);
        sql.append(" ORDER BY recorded_at, id");
        long started = System.nanoTime();
        long count = 0;
        try (Connection connection = dataSource.getConnection()) {
            // Without a transaction the PostgreSQL driver ignores the fetch size and reads every row at once
            connection.setAutoCommit(false);
            try {
                try (Statement readOnly = connection.createStatement()) {
                    readOnly.execute("SET TRANSACTION READ ONLY");
                }
                try (PreparedStatement statement = connection.prepareStatement(sql.toString(),
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    statement.setFetchSize(config.fetchSize());
                    RecordRows.bind(statement, parameters);
                    Writer writer = new BufferedWriter(new OutputStreamWriter(new KeepOpen(out),
                            StandardCharsets.UTF_8), 32 * 1024);
                    ExportFormat.RowWriter rows = format.open(writer);
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            rows.write(RecordRows.read(result));
                            count++;
                        }
                    }
                    rows.close();
                    writer.flush();
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.errorf("export broken off after %d record(s): %s", count, e.getMessage());
            throw new IOException("the export could not be completed", e);
        }
        LOG.infof("exported %d audit record(s) as %s in %d ms", count, format.extension(),
                (System.nanoTime() - started) / 1_000_000);
        return count;
    }

    /** The response stream belongs to the HTTP layer, which closes it. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
