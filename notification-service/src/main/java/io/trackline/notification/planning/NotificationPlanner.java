package io.trackline.notification.planning;

import io.trackline.events.Event;
import io.trackline.events.EventType;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.notification.CustomerContact;
import io.trackline.notification.Notification;
import io.trackline.notification.ShipmentState;
import io.trackline.notification.WaitingEvent;
import io.trackline.notification.service.CommunicationRecords;
import io.trackline.notification.service.Preferences;
import io.trackline.platform.messaging.BatchLookups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns one lifecycle event into messages, in the consumer's transaction: records the event in the shipment's
 * state, remembers the customer contact, and plans the staff's messages and the customer's ({@link StaffMessages},
 * {@link CustomerMessages}). An event with customer messages that comes before its OrderConfirmed waits for it
 * ({@link WaitingEvent}); a feedback request still waiting when the customer gives feedback is not sent.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class NotificationPlanner {

    @Inject
    StaffMessages staff;

    @Inject
    CustomerMessages customer;

    @Inject
    Preferences preferences;

    @Inject
    CommunicationRecords records;

    @Inject
    Clock clock;

    /**
     * Loads what a batch of events needs with one query each: the customers' contacts and the shipment states by
     * tracking number, the events waiting for this batch's OrderConfirmed events, and the customers' preferences
     * (those of the new orders' customers too).
     */
    public PlanningBatch prefetch(List<Event<?>> events) {
        List<String> trackingNumbers = BatchLookups.trackingNumbersOf(events);
        Map<String, CustomerContact> contacts = CustomerContact.byTrackingNumber(trackingNumbers);
        List<String> confirmed = new ArrayList<>();
        List<String> ordering = new ArrayList<>(); // the customers of this batch's new orders
        for (Event<?> event : events) {
            if (event.data() instanceof OrderConfirmed order) {
                confirmed.add(event.subject());
                ordering.add(order.customer().email());
                ordering.add(order.customer().phone());
            }
        }
        return new PlanningBatch(contacts, ShipmentState.byTrackingNumber(trackingNumbers),
                WaitingEvent.byTrackingNumber(confirmed.stream().distinct().toList()),
                preferences.load(contacts.values(), ordering));
    }

    /** Plans one new lifecycle event's messages, with what {@link #prefetch} loaded for its batch. */
    public void plan(PlanningBatch batch, Event<?> event) {
        Instant now = Instant.now(clock);
        ShipmentState state = batch.state(event.subject(), now);
        state.record(event, now);
        CustomerContact contact = remember(batch, event, now);
        if (event.data() instanceof EtaUpdated update && Boolean.TRUE.equals(update.customerInformed())) {
            return; // the date went out with the ExceptionRaised of a detected delay
        }
        PlannedEvent planned = new PlannedEvent(event, contact, state);
        staff.plan(planned);
        if (contact != null) {
            customer.plan(planned, batch.preferences());
        } else if (customer.tellsCustomer(event.type())) {
            WaitingEvent kept = WaitingEvent.of(event, now); // planned when the OrderConfirmed brings the contact
            kept.persist();
            batch.waitingFor(event.subject()).add(kept);
        }
        if (event.type() == EventType.ORDER_CONFIRMED) {
            planWaiting(batch, contact, state);
        }
        if (event.type() == EventType.FEEDBACK_RECEIVED) {
            skipFeedbackRequests(event.subject(), now);
        }
    }

    /** The shipment's contact: created or updated by its OrderConfirmed, kept current by later estimates. */
    private static CustomerContact remember(PlanningBatch batch, Event<?> event, Instant now) {
        CustomerContact contact = batch.contact(event.subject());
        Instant occurred = ShipmentState.occurredAt(event, now);
        if (event.data() instanceof OrderConfirmed order) {
            if (contact == null) {
                contact = CustomerContact.first(event.subject(), order, occurred, now);
                batch.contactCreated(contact);
            } else {
                contact.takeOrder(order, occurred, now);
            }
        } else if (contact != null) {
            contact.estimate(PlannedEvent.estimateOf(event), occurred);
            contact.updatedAt = now;
        }
        return contact;
    }

    /**
     * The OrderConfirmed brought the contact: plans the customer messages of the events that came before it, in
     * the order they happened, each only if still true now (the state knows every event so far). Their estimates
     * are taken first, so every message shows the newest date known.
     */
    private void planWaiting(PlanningBatch batch, CustomerContact contact, ShipmentState state) {
        List<WaitingEvent> waiting = batch.waitingFor(state.trackingNumber);
        if (waiting.isEmpty()) {
            return;
        }
        List<Event<?>> events = waiting.stream().sorted(Comparator.comparing((WaitingEvent w) -> w.occurredAt))
                .<Event<?>>map(WaitingEvent::event).toList();
        Instant now = Instant.now(clock);
        for (Event<?> event : events) {
            contact.estimate(PlannedEvent.estimateOf(event), ShipmentState.occurredAt(event, now));
        }
        for (Event<?> event : events) {
            customer.plan(new PlannedEvent(event, contact, state), batch.preferences());
        }
        waiting.forEach(WaitingEvent::delete);
        waiting.clear();
    }

    /** The customer gave feedback already: a feedback request still waiting to go out is not sent. */
    private void skipFeedbackRequests(String trackingNumber, Instant now) {
        List<Notification> waiting = Notification.list("trackingNumber = ?1 and purpose = ?2 and status = 'PENDING'",
                trackingNumber, Notification.PURPOSE_FEEDBACK_REQUEST);
        for (Notification n : waiting) {
            records.publish(n.skipped(ShipmentState.FEEDBACK_GIVEN, now));
        }
    }
}
