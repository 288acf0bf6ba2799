package io.trackline.notification;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.Topics;
import io.trackline.notification.planning.NotificationIntake;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Hands events to the consumer's entry point as one poll of the lifecycle topic, as the Kafka connector does. */
final class EventBatch {

    private static final AtomicLong OFFSETS = new AtomicLong();

    private EventBatch() {
    }

    static void deliver(NotificationIntake intake, CloudEvent... events) {
        deliver(intake, List.of(events));
    }

    static void deliver(NotificationIntake intake, List<CloudEvent> events) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (CloudEvent event : events) {
            records.add(new ConsumerRecord<>(Topics.SHIPMENT_LIFECYCLE, 0, OFFSETS.incrementAndGet(),
                    event.subject(), EventCodec.toJson(event)));
        }
        intake.consume(new ConsumerRecords<>(Map.of(new TopicPartition(Topics.SHIPMENT_LIFECYCLE, 0), records),
                Map.of()));
    }
}
