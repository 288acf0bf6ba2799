package io.trackline.platform.messaging;

import io.trackline.events.Event;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A consumer of the typed pipeline ({@link EventBatches#process(EventIntake, Iterable)}): records are decoded once,
 * the types {@code handlers} follow are claimed for {@code consumer} ({@link ProcessedEvents}), {@code prepare} loads
 * what the batch needs, and each new event goes to its type's handler, all in one transaction. The followed events
 * are checked against the contract's JSON Schemas first, while the lifecycle topic can carry events no gate
 * validated (the inbound gate of issue 16 is not built yet).
 *
 * @param consumer         the consumer's name in {@code processed_event}, metrics and dead letters
 * @param handlers         one handler per event type followed
 * @param prepare          runs first in the batch's transaction with the batch's followed events (new or
 *                         redelivered), e.g. to load the entities they touch with one query; a single event is a
 *                         batch of one
 */
public record EventIntake(String consumer, EventHandlers handlers, Consumer<List<Event<?>>> prepare) {

    public EventIntake {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(prepare, "prepare");
    }
}
