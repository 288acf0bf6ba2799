package io.trackline.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.trackline.events.Event;
import io.trackline.events.EventCodec;
import io.trackline.events.Events;
import io.trackline.platform.messaging.BatchLookups;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An event with customer messages that came before its OrderConfirmed: kept until the contact arrives. */
@Entity
@Table(name = "waiting_event")
public class WaitingEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "tracking_number")
    public String trackingNumber;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    /** The whole CloudEvent as JSON, planned as it came. */
    public String event;

    @Column(name = "received_at")
    public Instant receivedAt;

    public static WaitingEvent of(Event<?> event, Instant now) {
        WaitingEvent waiting = new WaitingEvent();
        waiting.id = UUID.randomUUID();
        waiting.eventId = event.id();
        waiting.trackingNumber = event.subject();
        waiting.occurredAt = event.time().toInstant();
        waiting.event = EventCodec.toJson(Events.cloudEvent(event));
        waiting.receivedAt = now;
        return waiting;
    }

    /** The event, decoded again as it was planned. */
    public Event<?> event() {
        return Event.of(EventCodec.fromJson(event));
    }

    /** The waiting events of these tracking numbers, with one query: every number is a key. */
    public static Map<String, List<WaitingEvent>> byTrackingNumber(Collection<String> trackingNumbers) {
        return BatchLookups.grouped(trackingNumbers, trackingNumbers.isEmpty() ? List.of()
                : WaitingEvent.<WaitingEvent>list("trackingNumber in ?1", trackingNumbers), w -> w.trackingNumber);
    }
}
