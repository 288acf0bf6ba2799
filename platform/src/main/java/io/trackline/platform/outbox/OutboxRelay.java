package io.trackline.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.trackline.platform.messaging.ReliableProducers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka and deletes them once the broker has acknowledged them (acks=all,
 * idempotent producer). Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several replicas never
 * publish the same row at once. Each row has its own outcome: acknowledged rows are deleted; a row the broker
 * can never take (too large, say) is moved to {@code outbox_parked} with the reason, so it stops no other row; a
 * row that failed for a passing reason (broker down, timeout) stays and is retried with backoff, so an outage
 * delays events but loses none. A crash between publish and delete publishes a row twice: consumers are
 * idempotent by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String CLAIM = """
            SELECT id, topic, aggregateid, type, payload FROM outbox ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED""";
    private static final String DELETE = "DELETE FROM outbox WHERE id = ANY(?)";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ParkedOutbox parkedOutbox;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "trackline.outbox.enabled", defaultValue = "false")
    boolean enabled;

    @ConfigProperty(name = "trackline.outbox.batch-size", defaultValue = "500")
    int batchSize;

    @ConfigProperty(name = "trackline.outbox.poll-interval", defaultValue = "PT0.05S")
    Duration pollInterval;

    @ConfigProperty(name = "trackline.outbox.max-backoff", defaultValue = "PT5S")
    Duration maxBackoff;

    /** The relay's own broker address, if set; {@code kafka.bootstrap.servers} otherwise. */
    @ConfigProperty(name = "trackline.outbox.bootstrap-servers")
    Optional<String> relayBootstrapServers;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final AtomicLong published = new AtomicLong();
    private final AtomicLong parked = new AtomicLong();
    private volatile boolean running;
    private volatile boolean paused;
    private Thread worker;
    private KafkaProducer<String, String> producer;

    /** An outbox row as the relay sends it. */
    record Row(UUID id, String topic, String aggregateId, String type, String payload) {
    }

    /** What became of one claimed batch. {@code kept} rows stay in the outbox for the next try. */
    record Round(int claimed, int sent, int parked, int kept, String keptBecause) {
        static final Round NONE = new Round(0, 0, 0, 0, null);
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        producer = ReliableProducers.create(relayBootstrapServers.orElse(bootstrapServers), "outbox-relay");
        // running totals: counters (rate() shows the throughput), not gauges
        FunctionCounter.builder("trackline.outbox.published", published, AtomicLong::get)
                .description("outbox rows published to Kafka").register(registry);
        FunctionCounter.builder("trackline.outbox.parked", parked, AtomicLong::get)
                .description("outbox rows the broker can never take, moved to outbox_parked").register(registry);
        // what waits for ops now, whichever replica parked it (one count(*) of a small table per scrape)
        Gauge.builder("trackline.outbox.parked.rows", parkedOutbox, OutboxRelay::countOrNaN).strongReference(true)
                .description("rows in outbox_parked").register(registry);
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Stops publishing (rows accumulate) until {@link #resume()}; for maintenance and failure drills. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
    }

    private void run() {
        long backoffMs = pollInterval.toMillis();
        while (running) {
            try {
                Round round = paused ? Round.NONE : relayBatch();
                if (round.kept() > 0) {
                    backoffMs = backOff(backoffMs, round.kept() + " row(s): " + round.keptBecause());
                } else {
                    backoffMs = pollInterval.toMillis();
                    if (round.claimed() < batchSize) {
                        Thread.sleep(pollInterval.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                try {
                    backoffMs = backOff(backoffMs, e.getMessage());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private long backOff(long previousMs, String why) throws InterruptedException {
        long backoffMs = Math.min(maxBackoff.toMillis(), Math.max(100, previousMs * 2));
        LOG.warnf("Outbox relay could not publish (%s); retrying in %d ms", why, backoffMs);
        Thread.sleep(backoffMs);
        return backoffMs;
    }

    /** Claims one batch, publishes it, and deletes, parks or keeps each row in one transaction. */
    Round relayBatch() throws SQLException, InterruptedException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Row> rows = claim(connection);
                if (rows.isEmpty()) {
                    connection.commit();
                    return Round.NONE;
                }
                OutboxWaves.Outcomes outcomes = OutboxWaves.publish(producer, rows);
                if (!outcomes.sent.isEmpty()) {
                    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                        delete.setArray(1, connection.createArrayOf("uuid", outcomes.sent.toArray()));
                        delete.executeUpdate();
                    }
                }
                for (Map.Entry<Row, String> failed : outcomes.failedForGood.entrySet()) {
                    parkedOutbox.park(connection, failed.getKey().id(), failed.getValue());
                }
                connection.commit();
                published.addAndGet(outcomes.sent.size());
                parked.addAndGet(outcomes.failedForGood.size());
                outcomes.failedForGood.forEach((row, reason) -> LOG.errorf(
                        "Outbox row %s (%s of %s, for %s) can never be published and was moved to outbox_parked: %s",
                        row.id(), row.type(), row.aggregateId(), row.topic(), reason));
                int kept = rows.size() - outcomes.sent.size() - outcomes.failedForGood.size();
                return new Round(rows.size(), outcomes.sent.size(), outcomes.failedForGood.size(), kept,
                        outcomes.keptBecause);
            } catch (SQLException | InterruptedException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private List<Row> claim(Connection connection) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setInt(1, batchSize);
            try (ResultSet result = claim.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getObject("id", UUID.class), result.getString("topic"),
                            result.getString("aggregateid"), result.getString("type"), result.getString("payload")));
                }
            }
        }
        return rows;
    }

    private static double countOrNaN(ParkedOutbox parkedOutbox) {
        try {
            return parkedOutbox.count();
        } catch (SQLException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
