package io.trackline.platform.messaging;

import io.trackline.events.Event;

import java.util.List;

/**
 * A consumer of the typed pipeline ({@link EventBatches#process(EventIntake, Iterable)}): records are decoded once,
 * the types it follows are claimed for it ({@link ProcessedEvents}), what the batch needs is loaded by
 * {@link #prepare}, and each new event goes to its type's handler, all in one transaction.
 */
public interface EventIntake {

    /** The consumer's name in {@code processed_event}, metrics and dead letters. */
    String consumer();

    /** One handler per event type followed; built once. */
    EventHandlers handlers();

    /**
     * Whether events are checked against the contract's JSON Schemas before they are handled. Needed while the
     * lifecycle topic can carry events no gate validated (issue 16: the inbound gate is not built yet).
     */
    default boolean validatesSchemas() {
        return false;
    }

    /**
     * Runs first in the batch's transaction with the batch's followed events (new or redelivered), e.g. to load the
     * entities they touch with one query. A single event is a batch of one.
     */
    default void prepare(List<Event<?>> batch) {
    }
}
