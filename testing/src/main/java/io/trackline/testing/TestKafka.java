package io.trackline.testing;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.trackline.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * One real single-node KRaft broker per test JVM (Kafka 4.1, the version of the Quarkus BOM), shared by every
 * test class and stopped when the JVM exits. Tests sharing it must look for their own uniquely-valued records.
 */
public final class TestKafka {

    /** Fewer partitions than production keep the broker light; the key still orders a shipment's events. */
    public static final int TEST_PARTITIONS = 3;

    private static EmbeddedKafkaBroker broker;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            EmbeddedKafkaBroker started = new EmbeddedKafkaBroker()
                    .withDeleteLogDirsOnClose(true)
                    .withAdditionalProperties(props -> {
                        props.put("group.initial.rebalance.delay.ms", "0");
                        props.put("num.partitions", String.valueOf(TEST_PARTITIONS));
                        props.put("auto.create.topics.enable", "true");
                    })
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-kafka-stop"));
            broker = started;
            createTopics(broker.getAdvertisedListeners(), Topics.SHIPMENT_LIFECYCLE, Topics.COMMUNICATIONS,
                    Topics.DEAD_LETTER, Topics.DEAD_LETTER_PARKED);
        }
        return broker.getAdvertisedListeners();
    }

    public static void createTopics(String bootstrapServers, String... topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, TEST_PARTITIONS, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
