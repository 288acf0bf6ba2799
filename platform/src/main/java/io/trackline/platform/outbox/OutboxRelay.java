package io.trackline.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.trackline.events.CloudEvent;
import io.trackline.platform.messaging.ReliableProducers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes outbox rows to Kafka and deletes them once the broker has acknowledged them (acks=all,
 * idempotent producer). Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several replicas never
 * publish the same row at once; a row whose publication fails stays and is retried with backoff, so a broker
 * outage delays events but loses none. A crash between publish and delete publishes a row twice: consumers
 * are idempotent by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String CLAIM = """
            SELECT id, topic, aggregateid, payload FROM outbox ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED""";
    private static final String DELETE = "DELETE FROM outbox WHERE id = ANY(?)";

    @Inject
    AgroalDataSource dataSource;

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
    private volatile boolean running;
    private volatile boolean paused;
    private Thread worker;
    private KafkaProducer<String, String> producer;

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        producer = ReliableProducers.create(relayBootstrapServers.orElse(bootstrapServers), "outbox-relay");
        // a running total: a counter (rate() shows the throughput), not a gauge
        FunctionCounter.builder("trackline.outbox.published", published, AtomicLong::get)
                .description("outbox rows published to Kafka").register(registry);
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
                int sent = paused ? 0 : relayBatch();
                backoffMs = pollInterval.toMillis();
                if (sent < batchSize) {
                    Thread.sleep(pollInterval.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                backoffMs = Math.min(maxBackoff.toMillis(), Math.max(100, backoffMs * 2));
                LOG.warnf("Outbox relay could not publish (%s); retrying in %d ms", e.getMessage(), backoffMs);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Claims, publishes and deletes one batch; returns how many rows it published. */
    int relayBatch() throws SQLException, InterruptedException, ExecutionException, TimeoutException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<String> ids = new ArrayList<>();
                List<Future<RecordMetadata>> sends = new ArrayList<>();
                try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                    claim.setInt(1, batchSize);
                    try (ResultSet rows = claim.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getString("id"));
                            ProducerRecord<String, String> record = new ProducerRecord<>(rows.getString("topic"),
                                    rows.getString("aggregateid"), rows.getString("payload"));
                            record.headers().add("content-type",
                                    CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
                            sends.add(producer.send(record));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                producer.flush();
                for (Future<RecordMetadata> send : sends) {
                    send.get(30, TimeUnit.SECONDS);
                }
                try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                    Array array = connection.createArrayOf("uuid", ids.toArray());
                    delete.setArray(1, array);
                    delete.executeUpdate();
                }
                connection.commit();
                published.addAndGet(ids.size());
                return ids.size();
            } catch (SQLException | InterruptedException | ExecutionException | TimeoutException
                    | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
