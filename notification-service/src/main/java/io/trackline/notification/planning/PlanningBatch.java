package io.trackline.notification.planning;

import io.trackline.notification.CustomerContact;
import io.trackline.notification.ShipmentState;
import io.trackline.notification.WaitingEvent;
import io.trackline.notification.service.KnownPreferences;
import io.trackline.platform.messaging.BatchLookups;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What planning a batch of lifecycle events needs, loaded with one query per table ({@link NotificationPlanner#prefetch}):
 * by tracking number the customers' contacts and the shipments' states (locked; null where none exists yet) and the
 * events waiting for an OrderConfirmed, and the customers' preferences. The planner keeps it current while the
 * batch lasts.
 */
public record PlanningBatch(Map<String, CustomerContact> contacts, Map<String, ShipmentState> states,
        Map<String, List<WaitingEvent>> waiting, KnownPreferences preferences) {

    /** The contact of a tracking number of this batch, or null before its OrderConfirmed. */
    CustomerContact contact(String trackingNumber) {
        return BatchLookups.ofBatch(contacts, trackingNumber);
    }

    void contactCreated(CustomerContact contact) {
        contacts.put(contact.trackingNumber, contact);
    }

    /** The shipment's state; created on its first event. */
    ShipmentState state(String trackingNumber, Instant now) {
        ShipmentState state = BatchLookups.ofBatch(states, trackingNumber);
        if (state == null) {
            state = ShipmentState.create(trackingNumber, now);
            states.put(trackingNumber, state);
        }
        return state;
    }

    /** The events of this shipment waiting for its OrderConfirmed; the list is live. */
    List<WaitingEvent> waitingFor(String trackingNumber) {
        return waiting.computeIfAbsent(trackingNumber, tn -> new ArrayList<>());
    }
}
