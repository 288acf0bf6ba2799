package io.trackline.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/** Follows the communications topic from its end: every CommunicationSent by email for an event we published. */
final class EmailWatcher extends Thread implements AutoCloseable {
    private final Map<String, Long> published;
    private final Latencies email;
    private final AtomicLong seen = new AtomicLong();
    private volatile boolean running = true;
    private final KafkaConsumer<String, String> consumer;

    EmailWatcher(String bootstrap, Map<String, Long> published, Latencies email) {
        super("email-watcher");
        setDaemon(true);
        this.published = published;
        this.email = email;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMMUNICATIONS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before anything is published
    }

    @Override
    public void run() {
        while (running) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                try {
                    CloudEvent event = EventCodec.fromJson(record.value());
                    JsonNode data = event.data();
                    if (!"CommunicationSent".equals(event.type()) || !"EMAIL".equals(data.path("channel").asText())
                            || !"CUSTOMER".equals(data.path("recipientKind").asText())) {
                        continue;
                    }
                    Long at = published.get(data.path("causeEventId").asText());
                    if (at != null) {
                        email.add(event.time().toInstant().toEpochMilli() - at);
                        seen.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    // not a communication record of ours
                }
            }
        }
        consumer.close();
    }

    void awaitEmails(long expected, Duration patience) throws InterruptedException {
        long last = -1;
        long lastChange = System.currentTimeMillis();
        while (seen.get() < expected && System.currentTimeMillis() - lastChange < patience.toMillis()) {
            Thread.sleep(500);
            if (seen.get() != last) {
                last = seen.get();
                lastChange = System.currentTimeMillis();
                System.out.printf("  emails seen: %d of %d%n", last, expected);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        join(5000);
    }
}
