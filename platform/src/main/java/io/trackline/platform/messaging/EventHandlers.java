package io.trackline.platform.messaging;

import io.trackline.events.Event;
import io.trackline.events.EventType;
import io.trackline.events.data.EventData;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a consumer does with each event type it follows: one handler per type, given the batch context {@code B}
 * (what {@link EventIntake#prepare} loaded for the batch) and the event with its data already bound to the type's
 * record. The types with a handler are the ones the consumer follows; {@link EventBatches} claims and dispatches
 * only those.
 *
 * @param <B> the consumer's batch context
 */
public final class EventHandlers<B> {

    /** Handles one event of a type whose data is {@code D}, with its batch's context. */
    @FunctionalInterface
    public interface Handler<B, D extends EventData> {
        void handle(B batch, Event<D> event);
    }

    private final Map<EventType, Handler<B, ?>> handlers = new EnumMap<>(EventType.class);

    /** Handles {@code type} with {@code handler}; {@code data} must be the type's record ({@link EventType#dataType()}). */
    public <D extends EventData> EventHandlers<B> on(EventType type, Class<D> data, Handler<B, D> handler) {
        if (type.dataType() != data) {
            throw new IllegalArgumentException(type + " carries " + type.dataType().getSimpleName() + ", not "
                    + data.getSimpleName());
        }
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalArgumentException("a second handler for " + type);
        }
        return this;
    }

    public boolean follows(EventType type) {
        return handlers.containsKey(type);
    }

    /** Runs the handler of the event's type (which {@link #on} checked against the data's record). */
    @SuppressWarnings("unchecked")
    void dispatch(B batch, Event<?> event) {
        Handler<B, EventData> handler = (Handler<B, EventData>) handlers.get(event.type());
        if (handler == null) {
            throw new IllegalStateException("no handler for " + event.type());
        }
        handler.handle(batch, (Event<EventData>) event);
    }
}
