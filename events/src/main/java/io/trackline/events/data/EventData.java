package io.trackline.events.data;

/**
 * The data of an event of the contract, one record per {@link io.trackline.events.EventType} (its
 * {@code dataType()}): {@link Milestone} for the four milestones, {@link Communication} for the three records of
 * what was sent, one record of its own for each other type.
 */
public sealed interface EventData permits OrderConfirmed, Milestone, ExceptionRaised, ExceptionResolved,
        FeedbackReceived, OrderClosed, OrderCancelled, EtaUpdated, EscalationRaised, Communication {
}
