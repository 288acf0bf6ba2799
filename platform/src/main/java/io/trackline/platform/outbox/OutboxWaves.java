package io.trackline.platform.outbox;

import io.trackline.events.EventCodec;
import io.trackline.events.EventRecords;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How {@link OutboxRelay} sends a claimed batch to the broker: in waves, one row per aggregate each, and what
 * became of every row (sent, failed for good, kept for retry).
 */
final class OutboxWaves {

    private OutboxWaves() {
    }

    /** The outcome of each row of a batch. */
    static final class Outcomes {
        final List<UUID> sent = new ArrayList<>();
        final Map<OutboxRelay.Row, String> failedForGood = new LinkedHashMap<>();
        /** Aggregates with a row kept for retry: their later rows wait too, so none overtakes it. */
        final Set<String> held = new HashSet<>();
        String keptBecause;
    }

    /**
     * Sends the rows in waves: each wave holds the next row of every aggregate, and waits for the broker. An
     * aggregate whose row is kept for retry sends nothing more in this batch, so its events keep their order; one
     * that was parked goes on (a parked row is final until ops retry it).
     */
    static Outcomes publish(KafkaProducer<String, String> producer, List<OutboxRelay.Row> rows)
            throws InterruptedException {
        Outcomes outcomes = new Outcomes();
        List<OutboxRelay.Row> waiting = rows;
        while (!waiting.isEmpty()) {
            Set<String> inWave = new HashSet<>();
            List<OutboxRelay.Row> wave = new ArrayList<>();
            List<OutboxRelay.Row> later = new ArrayList<>();
            for (OutboxRelay.Row row : waiting) {
                if (!outcomes.held.contains(row.aggregateId())) {
                    (inWave.add(row.aggregateId()) ? wave : later).add(row);
                }
            }
            List<Future<RecordMetadata>> sends = new ArrayList<>(wave.size());
            for (OutboxRelay.Row row : wave) {
                sends.add(send(producer, row));
            }
            producer.flush();
            for (int i = 0; i < wave.size(); i++) {
                OutboxRelay.Row row = wave.get(i);
                Throwable failure = failureOf(sends.get(i));
                if (failure == null) {
                    outcomes.sent.add(row.id());
                } else if (failsForGood(failure)) {
                    outcomes.failedForGood.put(row, failure.getClass().getSimpleName() + ": " + failure.getMessage());
                } else {
                    outcomes.held.add(row.aggregateId());
                    outcomes.keptBecause = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                }
            }
            waiting = later;
        }
        return outcomes;
    }

    private static Future<RecordMetadata> send(KafkaProducer<String, String> producer, OutboxRelay.Row row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.aggregateId(), row.payload());
        record.headers().add(EventCodec.CONTENT_TYPE_HEADER,
                EventRecords.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        try {
            return producer.send(record);
        } catch (InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            // most failures come back in the future; a few (serialisation) are thrown at once
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The reason the broker did not acknowledge, or null once it has. */
    private static Throwable failureOf(Future<RecordMetadata> send) throws InterruptedException {
        try {
            send.get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return e;
        }
    }

    /**
     * Failures that no retry can cure, because they lie in the row itself. Others, Kafka's non-retriable
     * authorisation errors included, lie in the broker or its configuration: they would hit every row, so the rows
     * stay and the relay backs off until the cause is fixed.
     */
    static boolean failsForGood(Throwable failure) {
        return failure instanceof RecordTooLargeException || failure instanceof InvalidTopicException
                || failure instanceof InvalidRecordException || failure instanceof SerializationException;
    }
}
