package io.trackline.platform.messaging;

import io.trackline.events.Event;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A consumer of the typed pipeline ({@link EventBatches#process(EventIntake, Iterable)}): records are decoded once,
 * the types {@code handlers} follow are claimed for {@code consumer} ({@link ProcessedEvents}), {@code prepare} loads
 * what the batch needs into the consumer's batch context {@code B}, and each new event goes to its type's handler
 * with that context, all in one transaction. The followed events are checked against the contract's JSON Schemas
 * first, while the lifecycle topic can carry events no gate validated (the inbound gate of issue 16 is not built
 * yet).
 *
 * @param consumer the consumer's name in {@code processed_event}, metrics and dead letters
 * @param handlers one handler per event type followed
 * @param prepare  runs in the batch's transaction, after the claim, with the batch's new followed events (never
 *                 called when none is new) and returns the batch context: e.g. the entities they touch, loaded with
 *                 one query; a single event is a batch of one, so the handlers have one read path
 * @param <B>      the batch context: what the handlers read and keep current while the batch lasts
 */
public record EventIntake<B>(String consumer, EventHandlers<B> handlers, Function<List<Event<?>>, B> prepare) {

    public EventIntake {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(prepare, "prepare");
    }
}
