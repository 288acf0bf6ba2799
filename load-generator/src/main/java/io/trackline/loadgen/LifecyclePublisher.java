package io.trackline.loadgen;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventRecords;
import io.trackline.events.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/** Publishes lifecycle events as structured CloudEvents, acks=all and idempotent; counts what failed. */
final class LifecyclePublisher implements AutoCloseable {

    private static final AtomicLong ERRORS = new AtomicLong();

    private final KafkaProducer<String, String> producer;

    LifecyclePublisher(String bootstrap, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(128 * 1024));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    void send(CloudEvent event) {
        producer.send(EventRecords.structured(Topics.SHIPMENT_LIFECYCLE, event), (metadata, error) -> {
            if (error != null && ERRORS.incrementAndGet() == 1) {
                System.err.println("publish failed: " + error);
            }
        });
    }

    /** Sends and waits until the broker took the event; a refusal is an exception. */
    void sendAndWait(CloudEvent event) {
        try {
            producer.send(EventRecords.structured(Topics.SHIPMENT_LIFECYCLE, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the event: " + e.getCause(), e);
        }
    }

    void flush() {
        producer.flush();
    }

    /** Sends that failed, by every publisher of this run. */
    static long errors() {
        return ERRORS.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
