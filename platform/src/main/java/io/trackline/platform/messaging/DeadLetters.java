package io.trackline.platform.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.trackline.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes a record that a batch consumer could not process to the dead-letter topic, with the same headers as
 * SmallRye's dead-letter-queue failure strategy (so audit-service and the replay tooling read both alike), plus
 * {@code dead-letter-consumer}: which consumer gave up on it. The write waits for the broker (acks=all): the
 * offset of the record is only committed after its dead letter is safe.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    public static final String CAUSE_CLASS = "dead-letter-cause-class-name";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String CONSUMER = "dead-letter-consumer";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "trackline.dead-letter.topic", defaultValue = Topics.DEAD_LETTER)
    String topic;

    private volatile KafkaProducer<String, String> producer;

    /** Sends {@code record} to the dead-letter topic; throws if the broker did not take it within its timeouts. */
    public void send(String consumer, ConsumerRecord<String, String> record, Throwable reason) {
        ProducerRecord<String, String> letter = new ProducerRecord<>(topic, null, record.key(), record.value());
        Headers headers = letter.headers();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        put(headers, REASON, reason.getMessage() == null ? reason.getClass().getName() : reason.getMessage());
        put(headers, EXCEPTION_CLASS, reason.getClass().getName());
        if (reason.getCause() != null) {
            put(headers, CAUSE, String.valueOf(reason.getCause().getMessage()));
            put(headers, CAUSE_CLASS, reason.getCause().getClass().getName());
        }
        put(headers, TOPIC, record.topic());
        put(headers, PARTITION, String.valueOf(record.partition()));
        put(headers, OFFSET, String.valueOf(record.offset()));
        put(headers, CONSUMER, consumer);
        try {
            producer().send(letter).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the dead-letter topic " + topic + " did not take the record "
                    + record.topic() + "/" + record.partition() + "/" + record.offset() + ": " + e.getMessage(), e);
        }
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                current = producer;
                if (current == null) {
                    current = ReliableProducers.create(bootstrapServers, "trackline-dead-letters");
                    producer = current;
                }
            }
        }
        return current;
    }

    void close(@Observes ShutdownEvent event) {
        KafkaProducer<String, String> current = producer;
        if (current != null) {
            current.close(java.time.Duration.ofSeconds(5));
        }
    }
}
