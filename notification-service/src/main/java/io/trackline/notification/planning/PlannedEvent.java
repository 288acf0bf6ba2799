package io.trackline.notification.planning;

import io.trackline.events.Event;
import io.trackline.events.EventType;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.Milestone;
import io.trackline.notification.CustomerContact;
import io.trackline.notification.ShipmentState;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One lifecycle event being planned, with what is known of its shipment: the customer's contact (null before the
 * OrderConfirmed) and the shipment's state.
 */
record PlannedEvent(Event<?> event, CustomerContact contact, ShipmentState state) {

    EventType type() {
        return event.type();
    }

    String trackingNumber() {
        return event.subject();
    }

    /** The order's id: the contact's, else the one the event carries. */
    String orderId() {
        return contact != null && contact.orderId != null ? contact.orderId : event.extension("orderid");
    }

    Instant occurredAt(Instant now) {
        return ShipmentState.occurredAt(event, now);
    }

    /** The estimated delivery date the event brings, or null. */
    static LocalDate estimateOf(Event<?> event) {
        if (event.data() instanceof ExceptionRaised raised) {
            return raised.revisedEstimatedDelivery();
        }
        if (event.data() instanceof EtaUpdated update) {
            return update.estimatedDelivery();
        }
        return event.data() instanceof Milestone milestone ? milestone.estimatedDelivery() : null;
    }

    /** True when the event itself carries the estimated delivery date (else the date known before is shown). */
    boolean bringsDate() {
        return estimateOf(event) != null;
    }
}
