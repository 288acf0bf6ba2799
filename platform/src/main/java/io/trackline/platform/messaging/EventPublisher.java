package io.trackline.platform.messaging;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventRecords;
import io.trackline.events.EventCodec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events straight to Kafka and returns only once the broker has them (acks=all), for places where no
 * database state changes with the event (ingest APIs forwarding upstream events, dead-lettering). State changes
 * publish through the outbox instead.
 */
@ApplicationScoped
public class EventPublisher {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "trackline")
    String applicationName;

    private KafkaProducer<String, String> producer;

    /** Publishes every event, keyed by its subject, and waits for all acknowledgements. */
    public void publish(String topic, List<CloudEvent> events) {
        List<Future<RecordMetadata>> sends = new ArrayList<>(events.size());
        for (CloudEvent event : events) {
            sends.add(producer().send(EventRecords.structured(topic, event)));
        }
        await(sends);
    }

    /** Publishes a record as it is, with headers (e.g. a dead-letter record and its reason). */
    public void publishRaw(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        await(List.of(producer().send(record)));
    }

    private static void await(List<Future<RecordMetadata>> sends) {
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishFailedException("the broker did not acknowledge: " + e.getMessage(), e);
        }
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = ReliableProducers.create(bootstrapServers, applicationName + "-publisher");
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** The broker did not take the events; nothing can be assumed published. */
    public static class PublishFailedException extends RuntimeException {
        public PublishFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
