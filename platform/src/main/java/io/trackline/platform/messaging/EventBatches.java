package io.trackline.platform.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.trackline.events.CloudEvent;
import io.trackline.events.Event;
import io.trackline.events.EventRecords;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.InvalidEventException;
import io.trackline.platform.time.ClockSkew;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Consumes a poll's worth of records in one database transaction: one commit (one disk flush) for hundreds of
 * events instead of one each, which is what lets a consumer keep up with the broker.
 * <p>
 * Nothing is lost and no good event is held back by a bad one:
 * <ul>
 * <li>a record that is no valid event, however malformed, or whose time is too far ahead ({@link ClockSkew}), goes
 * alone to the dead-letter topic with the reason before the transaction;</li>
 * <li>a batch whose transaction fails for a passing reason (a deadlock, the database restarting) is retried whole
 * with {@link EventProcessing}'s backoff, for half of the poll's retry budget;</li>
 * <li>if an event of it is refused ({@link InvalidEventException}) or that time is up, the batch is processed
 * again one event per transaction, each tried at least once and retried while the budget lasts, so only the events
 * that fail on their own go to the dead-letter topic, each with its reason.</li>
 * </ul>
 * The whole poll, retries included, thus ends within {@link EventProcessing#retryBudget()} plus one attempt per
 * event, well inside the connector's limit for unacknowledged records. {@code consumer} is the name the work uses
 * with {@link ProcessedEvents}: the batch's events are claimed for it in one statement. The connector commits the batch's offsets only after this returns. Consumers stay idempotent
 * by event id, so a batch redelivered after a crash changes nothing twice. Every event processed is counted in
 * {@code trackline_events_consumed_total{consumer=...}}.
 */
@ApplicationScoped
public class EventBatches {

    private static final Logger LOG = Logger.getLogger(EventBatches.class);

    @Inject
    EventProcessing processing;

    @Inject
    DeadLetters deadLetters;

    @Inject
    ProcessedEvents processed;

    @Inject
    ClockSkew clockSkew;

    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> consumed = new ConcurrentHashMap<>();
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

    /**
     * The untyped pipeline, for audit alone, which keeps every record of every type as it came, data unbound: each
     * record read as a CloudEvent envelope (within the allowed clock skew), all claimed for {@code consumer}, and
     * {@code work} applied to each one not processed before, with its record (topic, offset, headers), in one
     * transaction with the poison and retry rules above.
     */
    public void processRecords(String consumer, Iterable<ConsumerRecord<String, String>> records,
            BiConsumer<ConsumerRecord<String, String>, CloudEvent> work) {
        List<ConsumerRecord<String, String>> valid = new ArrayList<>();
        List<CloudEvent> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            readRecord(consumer, record, event -> {
                events.add(event);
                valid.add(record);
            });
        }
        run(consumer, valid, index -> events.get(index).type() + " " + events.get(index).id(),
                () -> handleRecords(consumer, valid, events, work),
                index -> handleRecords(consumer, List.of(valid.get(index)), List.of(events.get(index)), work));
    }

    /**
     * The typed pipeline: decode each record once; a record that is no event of the contract, however malformed,
     * goes alone to the dead-letter topic with the reason; an event of a type {@code intake} does not follow is
     * left alone (not bound, not claimed); the followed ones are checked against the contract's schemas, then
     * claimed, prepared and handled in one transaction,
     * as described above. A single event is a batch of one: {@link EventIntake#prepare} runs for it too, so each
     * handler has one read path: its batch context.
     */
    public <B> void process(EventIntake<B> intake, Iterable<ConsumerRecord<String, String>> records) {
        String consumer = intake.consumer();
        EventHandlers<B> handlers = intake.handlers();
        List<ConsumerRecord<String, String>> valid = new ArrayList<>();
        List<Event<?>> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            readRecord(consumer, record, cloudEvent -> {
                EventType type = Event.typeOf(cloudEvent);
                if (!handlers.follows(type)) {
                    return;
                }
                // until the inbound gate validates outside events once, each consumer checks what it follows
                EventValidator.instance().requireValid(cloudEvent);
                events.add(Event.of(cloudEvent, type));
                valid.add(record);
            });
        }
        run(consumer, valid, index -> events.get(index).type() + " " + events.get(index).id(),
                () -> handle(intake, events), index -> handle(intake, List.of(events.get(index))));
    }

    /**
     * Claims {@code events}; if any is new, prepares the batch context for the new ones alone and hands each to its
     * handler, in order. A redelivered event costs its claim only.
     */
    private <B> void handle(EventIntake<B> intake, List<Event<?>> events) {
        List<Event<?>> fresh = claimNew(intake.consumer(), events.stream().map(Event::key).toList()).stream()
                .<Event<?>>map(events::get).toList();
        if (!fresh.isEmpty()) {
            B batch = intake.prepare().apply(fresh);
            fresh.forEach(event -> intake.handlers().dispatch(batch, event));
        }
    }

    /** Claims {@code events} for {@code consumer} and applies {@code work} to each new one, with its record. */
    private void handleRecords(String consumer, List<ConsumerRecord<String, String>> records, List<CloudEvent> events,
            BiConsumer<ConsumerRecord<String, String>, CloudEvent> work) {
        for (int i : claimNew(consumer, events.stream().map(CloudEvent::key).toList())) {
            work.accept(records.get(i), events.get(i));
        }
    }

    /**
     * Claims these event keys for {@code consumer} with one statement; the indices of the events it had not
     * processed before, in order, each once (an event twice in one poll is new once).
     */
    private List<Integer> claimNew(String consumer, List<String> keys) {
        Set<String> fresh = processed.claim(consumer, keys);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            if (fresh.remove(keys.get(i))) {
                indices.add(i);
            }
        }
        return indices;
    }

    /**
     * Reads {@code record} as an event (time within the allowed skew) and gives it to {@code accept}; a record that
     * is no valid event, or that {@code accept} refuses ({@link InvalidEventException}), is dead-lettered alone.
     */
    private void readRecord(String consumer, ConsumerRecord<String, String> record, Consumer<CloudEvent> accept) {
        try {
            CloudEvent event = EventRecords.read(record);
            clockSkew.check(event);
            accept.accept(event);
        } catch (InvalidEventException e) {
            deadLetter(consumer, record, e);
        } catch (RuntimeException e) {
            // however malformed a record is, it goes alone, with the reason, and the poll goes on
            deadLetter(consumer, record, new InvalidEventException("unreadable record: "
                    + EventProcessing.rootMessage(e), e));
        }
    }

    /**
     * The batch as one transaction ({@code batch}), retried for half the retry budget; if it fails, each event on its
     * own ({@code one}, by index into {@code valid}), each tried at least once and dead-lettered when it fails.
     */
    private void run(String consumer, List<ConsumerRecord<String, String>> valid, IntFunction<String> describe,
            Runnable batch, IntConsumer one) {
        if (valid.isEmpty()) {
            return;
        }
        Instant start = Instant.now();
        Instant deadline = start.plus(processing.retryBudget());
        // half the budget for the batch as a whole, the rest for finding the events that fail on their own
        Instant batchDeadline = start.plus(processing.retryBudget().dividedBy(2));
        try {
            processing.inTransaction(consumer + " processing a batch of " + valid.size() + " events", batchDeadline,
                    batch);
            consumed(consumer).increment(valid.size());
            return;
        } catch (InvalidEventException | EventProcessing.ProcessingFailedException e) {
            LOG.infof("%s: a batch of %d events failed as a whole (%s); processing them one by one", consumer,
                    valid.size(), EventProcessing.rootMessage(e));
        }
        for (int i = 0; i < valid.size(); i++) {
            int index = i;
            try {
                // each event is tried at least once; retries only while the poll's budget lasts
                processing.inTransaction(consumer + " processing " + describe.apply(index), deadline,
                        () -> one.accept(index));
                consumed(consumer).increment();
            } catch (InvalidEventException | EventProcessing.ProcessingFailedException e) {
                deadLetter(consumer, valid.get(i), e);
            }
        }
    }

    private void deadLetter(String consumer, ConsumerRecord<String, String> record, RuntimeException reason) {
        LOG.warnf("%s: record %s/%d/%d goes to the dead-letter topic: %s", consumer, record.topic(),
                record.partition(), record.offset(), reason.getMessage());
        deadLetters.send(consumer, record, reason);
        deadLettered.computeIfAbsent(consumer, name -> Counter.builder("trackline.events.dead.lettered")
                .description("Records a consumer sent to the dead-letter topic").tag("consumer", name)
                .register(registry)).increment();
    }

    private Counter consumed(String consumer) {
        return consumed.computeIfAbsent(consumer, name -> Counter.builder("trackline.events.consumed")
                .description("Events a consumer processed").tag("consumer", name).register(registry));
    }
}
