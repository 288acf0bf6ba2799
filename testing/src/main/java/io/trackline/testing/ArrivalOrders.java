package io.trackline.testing;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A shipment's events delivered the way independent producers and a relay with several replicas can deliver them:
 * in any order, some twice, in batches of any size. Seeded, so that a failing run can be replayed with
 * {@code -Dproperty.seed=<seed>}.
 */
public final class ArrivalOrders {

    public static final String SEED_PROPERTY = "property.seed";
    private static final AtomicLong OFFSETS = new AtomicLong();

    private ArrivalOrders() {
    }

    /** The seed of this run: {@code -Dproperty.seed}, or a new one. Log it. */
    public static long seed() {
        return Long.getLong(SEED_PROPERTY, System.nanoTime());
    }

    /** One event per batch, in the order given. */
    public static List<List<CloudEvent>> inOrder(List<CloudEvent> events) {
        return events.stream().map(List::of).toList();
    }

    /**
     * The events shuffled, about a third of them twice (a redelivery, or a batch relayed again), cut into batches
     * of 1 to {@code maxBatch} events; a duplicate may land in the same batch as its original.
     */
    public static List<List<CloudEvent>> shuffled(List<CloudEvent> events, Random random, int maxBatch) {
        List<CloudEvent> arrivals = new ArrayList<>(events);
        for (CloudEvent event : events) {
            if (random.nextInt(3) == 0) {
                arrivals.add(event);
            }
        }
        Collections.shuffle(arrivals, random);
        List<List<CloudEvent>> batches = new ArrayList<>();
        for (int i = 0; i < arrivals.size(); ) {
            int size = Math.min(1 + random.nextInt(maxBatch), arrivals.size() - i);
            batches.add(List.copyOf(arrivals.subList(i, i + size)));
            i += size;
        }
        return batches;
    }

    /** The batches as "[[Dispatched@10:00, InTransit@12:00], ...]", for a failure message. */
    public static String describe(List<List<CloudEvent>> batches) {
        return batches.stream().map(b -> b.stream().map(e -> e.type() + "@" + e.time().toLocalTime()).toList()
                .toString()).toList().toString();
    }

    /** A batch as the Kafka connector hands it to a consumer: lifecycle records in structured mode, keyed by subject. */
    public static ConsumerRecords<String, String> records(List<CloudEvent> batch) {
        TopicPartition partition = new TopicPartition(Topics.SHIPMENT_LIFECYCLE, 0);
        List<ConsumerRecord<String, String>> records = batch.stream()
                .map(e -> new ConsumerRecord<>(partition.topic(), partition.partition(), OFFSETS.getAndIncrement(),
                        e.subject(), EventCodec.toJson(e)))
                .toList();
        return new ConsumerRecords<>(Map.of(partition, records), Map.of());
    }
}
