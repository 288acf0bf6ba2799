package io.trackline.notification.service;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.InvalidEventException;
import io.trackline.events.Topics;
import io.trackline.events.data.EscalationRaised;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.notification.CallTask;
import io.trackline.notification.CustomerContact;
import io.trackline.notification.Notification;
import io.trackline.notification.ShipmentState;
import io.trackline.notification.WaitingEvent;
import io.trackline.notification.config.NotificationConfig;
import io.trackline.notification.matrix.Channel;
import io.trackline.notification.matrix.CommunicationMatrix;
import io.trackline.notification.matrix.RecipientKind;
import io.trackline.notification.render.LinkSigner;
import io.trackline.notification.render.MessageModel;
import io.trackline.notification.render.MessageRenderer;
import io.trackline.notification.render.RenderedEmail;
import io.trackline.notification.render.RenderedSms;
import io.trackline.platform.messaging.BatchLookups;
import io.trackline.platform.messaging.ProcessedEvents;
import io.trackline.platform.security.TrackingLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns one lifecycle event into messages, in the consumer's transaction: remembers the customer contact, looks
 * the event up in the matrix, renders each message and stores it (PENDING for the sender, SKIPPED with the reason,
 * or SENT at once for a call task). The unique key (event, channel, recipient kind, recipient, purpose) and
 * {@code ON CONFLICT DO NOTHING} make a second planning of the same event a no-op even past the processed-id check.
 */
@ApplicationScoped
public class NotificationPlanner {

    public static final String CONSUMER = "notification-intake";

    @Inject
    ProcessedEvents processed;

    @Inject
    CommunicationMatrix matrix;

    @Inject
    MessageRenderer renderer;

    @Inject
    Preferences preferences;

    @Inject
    LinkSigner links;

    @Inject
    TrackingLinks trackingLinks;

    @Inject
    CommunicationRecords records;

    @Inject
    NotificationConfig config;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @Inject
    BatchLookups lookups;

    private static final String CONTACTS = "notification.contacts";
    private static final String STATES = "notification.states";
    private static final String WAITING = "notification.waiting";

    /**
     * Loads what a batch of events needs with one query each: the customers' contacts and the shipment states by
     * tracking number, the events waiting for this batch's OrderConfirmed events, and the customers' preferences.
     * {@link #plan} then looks them up per event without a query.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void prefetch(List<CloudEvent> events) {
        List<String> trackingNumbers = events.stream().map(CloudEvent::subject).filter(Objects::nonNull).distinct()
                .toList();
        if (trackingNumbers.isEmpty()) {
            return;
        }
        Map<String, CustomerContact> contacts = CustomerContact.byTrackingNumber(trackingNumbers);
        lookups.keep(CONTACTS, contacts);
        lookups.keep(STATES, ShipmentState.byTrackingNumber(trackingNumbers));
        lookups.keep(WAITING, WaitingEvent.byTrackingNumber(
                BatchLookups.trackingNumbers(events, type -> type == EventType.ORDER_CONFIRMED)));
        List<String> ordering = new ArrayList<>(); // the customers of this batch's new orders
        for (CloudEvent event : events) {
            if (EventType.ORDER_CONFIRMED.typeName().equals(event.type()) && event.data() != null) {
                ordering.add(event.data().path("customer").path("email").asText(null));
                ordering.add(event.data().path("customer").path("phone").asText(null));
            }
        }
        preferences.prefetch(contacts.values(), ordering);
    }

    private Map<String, CustomerContact> batchContacts() {
        return lookups.get(CONTACTS);
    }

    /** The shipment's state, created on its first event; outside a batch (one event per transaction) locked. */
    private ShipmentState state(String trackingNumber, Instant now) {
        Map<String, ShipmentState> states = lookups.get(STATES);
        ShipmentState state = states != null && states.containsKey(trackingNumber) ? states.get(trackingNumber)
                : ShipmentState.locked(trackingNumber);
        if (state == null) {
            state = ShipmentState.create(trackingNumber, now);
            if (states != null) {
                states.put(trackingNumber, state);
            }
        }
        return state;
    }

    /** The events of this shipment waiting for its OrderConfirmed (the batch's, if prefetched). */
    private List<WaitingEvent> waitingFor(String trackingNumber) {
        Map<String, List<WaitingEvent>> waiting = lookups.get(WAITING);
        return waiting != null && waiting.containsKey(trackingNumber) ? waiting.get(trackingNumber)
                : new ArrayList<>(WaitingEvent.<WaitingEvent>list("trackingNumber", trackingNumber));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(CloudEvent event) {
        EventType type = EventType.fromTypeName(event.type())
                .filter(t -> t.topic().equals(Topics.SHIPMENT_LIFECYCLE))
                .orElseThrow(() -> new InvalidEventException("'" + event.type() + "' is no lifecycle event type"));
        EventValidator.instance().requireValid(event);
        if (!processed.firstTime(CONSUMER, event)) {
            return;
        }
        Instant now = Instant.now(clock);
        ShipmentState state = state(event.subject(), now);
        state.record(type, event, now);
        CustomerContact contact = remember(type, event);
        if (type == EventType.ETA_UPDATED
                && Boolean.TRUE.equals(EventCodec.dataAs(event, EtaUpdated.class).customerInformed())) {
            return; // the date went out with the ExceptionRaised of a detected delay
        }
        Context context = new Context(event, type, contact, state);
        toStaff(context);
        if (contact != null) {
            toCustomer(context);
        } else if (tellsCustomer(type)) {
            WaitingEvent kept = WaitingEvent.of(event, now); // planned when the OrderConfirmed brings the contact
            kept.persist();
            Map<String, List<WaitingEvent>> waiting = lookups.get(WAITING);
            if (waiting != null && waiting.containsKey(event.subject())) {
                waiting.get(event.subject()).add(kept);
            }
        }
        if (type == EventType.ORDER_CONFIRMED) {
            planWaiting(contact, state);
        }
        if (type == EventType.FEEDBACK_RECEIVED) {
            skipFeedbackRequests(event.subject());
        }
    }

    private record Context(CloudEvent event, EventType type, CustomerContact contact, ShipmentState state) {
    }

    private void toStaff(Context c) {
        for (CommunicationMatrix.Delivery delivery : matrix.deliveriesFor(c.type())) {
            switch (delivery.recipient()) {
                case MANAGEMENT -> toManagement(c);
                case INTERNAL_TEAMS -> toInternalTeams(c);
                case CUSTOMER -> {
                }
            }
        }
    }

    /** The event's customer messages, once the contact is known; the one announced Delivered asks for feedback. */
    private void toCustomer(Context c) {
        boolean announced = c.type() == EventType.DELIVERED && c.state().announceDelivery(c.event());
        for (CommunicationMatrix.Delivery delivery : matrix.deliveriesFor(c.type())) {
            if (delivery.recipient() == RecipientKind.CUSTOMER) {
                toCustomer(c, delivery.channel(), Notification.PURPOSE_EVENT, null);
            }
        }
        if (announced && config.feedbackRequest().enabled()) {
            Instant now = Instant.now(clock);
            Instant due = ShipmentState.occurredAt(c.event(), now).plus(config.feedbackRequest().delay());
            toCustomer(c, Channel.EMAIL, Notification.PURPOSE_FEEDBACK_REQUEST, due.isBefore(now) ? now : due);
        }
    }

    /** True when the event has messages for the customer: without a contact yet, it waits for the OrderConfirmed. */
    private boolean tellsCustomer(EventType type) {
        return type == EventType.DELIVERED && config.feedbackRequest().enabled()
                || matrix.deliveriesFor(type).stream().anyMatch(d -> d.recipient() == RecipientKind.CUSTOMER
                        && d.channel() != Channel.PORTAL);
    }

    /**
     * The OrderConfirmed brought the contact: plans the customer messages of the events that came before it, in
     * the order they happened, each only if still true now (the state knows every event so far). Their estimates
     * are taken first, so every message shows the newest date known.
     */
    private void planWaiting(CustomerContact contact, ShipmentState state) {
        List<WaitingEvent> waiting = waitingFor(state.trackingNumber);
        if (waiting.isEmpty()) {
            return;
        }
        List<CloudEvent> events = waiting.stream().sorted(Comparator.comparing((WaitingEvent w) -> w.occurredAt))
                .map(WaitingEvent::cloudEvent).toList();
        for (CloudEvent event : events) {
            EventType type = EventType.fromTypeName(event.type()).orElseThrow();
            contact.estimate(estimateOf(type, event), ShipmentState.occurredAt(event, Instant.now(clock)));
        }
        for (CloudEvent event : events) {
            toCustomer(new Context(event, EventType.fromTypeName(event.type()).orElseThrow(), contact, state));
        }
        waiting.forEach(WaitingEvent::delete);
        waiting.clear();
    }

    /** The customer gave feedback already: a feedback request still waiting to go out is not sent. */
    private void skipFeedbackRequests(String trackingNumber) {
        List<Notification> waiting = Notification.list("trackingNumber = ?1 and purpose = ?2 and status = 'PENDING'",
                trackingNumber, Notification.PURPOSE_FEEDBACK_REQUEST);
        for (Notification n : waiting) {
            n.status = "SKIPPED";
            n.detail = ShipmentState.FEEDBACK_GIVEN;
            n.updatedAt = Instant.now(clock);
            records.publish(n);
        }
    }

    private CustomerContact remember(EventType type, CloudEvent event) {
        String tn = event.subject();
        Map<String, CustomerContact> contacts = batchContacts();
        CustomerContact contact = contacts != null && contacts.containsKey(tn) ? contacts.get(tn)
                : CustomerContact.findById(tn);
        if (type == EventType.ORDER_CONFIRMED) {
            OrderConfirmed order = EventCodec.dataAs(event, OrderConfirmed.class);
            boolean fresh = contact == null;
            if (fresh) {
                contact = new CustomerContact();
                contact.trackingNumber = tn;
            }
            contact.orderId = order.orderId();
            contact.name = order.customer().name();
            contact.email = order.customer().email();
            contact.phone = order.customer().phone();
            contact.language = order.customer().language();
            contact.timeZone = order.customer().timeZone();
            contact.trackingUrl = order.trackingUrl();
            contact.estimate(order.estimatedDelivery(), ShipmentState.occurredAt(event, Instant.now(clock)));
            contact.updatedAt = Instant.now(clock);
            if (fresh) {
                contact.persist(); // after the fields: Hibernate takes the insert's values at persist()
                if (contacts != null) {
                    contacts.put(tn, contact);
                }
            }
        } else if (contact != null) {
            contact.estimate(estimateOf(type, event), ShipmentState.occurredAt(event, Instant.now(clock)));
        }
        if (contact != null) {
            contact.updatedAt = Instant.now(clock);
        }
        return contact;
    }

    /** The estimated delivery date the event brings, if any. */
    private static LocalDate estimateOf(EventType type, CloudEvent event) {
        if (type == EventType.EXCEPTION_RAISED) {
            return EventCodec.dataAs(event, ExceptionRaised.class).revisedEstimatedDelivery();
        }
        if (type == EventType.ETA_UPDATED) {
            return EventCodec.dataAs(event, EtaUpdated.class).estimatedDelivery();
        }
        return type.isMilestone() ? EventCodec.dataAs(event, Milestone.class).estimatedDelivery() : null;
    }

    private void toCustomer(Context c, Channel channel, String purpose, Instant due) {
        if (channel == Channel.PORTAL) {
            return; // the tracking page shows every event: no message, no record
        }
        CustomerContact contact = c.contact();
        String address = channel == Channel.EMAIL ? contact.email : contact.phone;
        if (address == null || address.isBlank()) {
            store(skipped(c, channel, RecipientKind.CUSTOMER, "", purpose,
                    "the customer has no " + (channel == Channel.EMAIL ? "email address" : "phone number")));
            return;
        }
        Optional<String> stale = c.state().staleReason(c.type(), c.event(), channel,
                Notification.PURPOSE_FEEDBACK_REQUEST.equals(purpose), Instant.now(clock));
        if (stale.isPresent()) {
            store(skipped(c, channel, RecipientKind.CUSTOMER, address, purpose, stale.get()));
            return;
        }
        Notification n = base(c, channel, RecipientKind.CUSTOMER, address, purpose);
        if ((channel == Channel.EMAIL || channel == Channel.SMS) && preferences.optedOut(contact, channel.name())) {
            n.status = "SKIPPED";
            n.detail = "the customer opted out of " + channel;
            store(n);
            return;
        }
        MessageModel model = model(c, purpose, preferences.language(contact), channel == Channel.EMAIL
                ? links.unsubscribeLink(Preferences.customerKey(address).orElse(address), "EMAIL") : null);
        switch (channel) {
            case EMAIL -> {
                RenderedEmail email = renderer.customerEmail(model);
                fill(n, email);
                n.status = "PENDING";
                n.nextAttemptAt = due == null ? Instant.now(clock) : due;
                store(n);
            }
            case SMS -> {
                RenderedSms sms = renderer.sms(model);
                n.template = sms.template();
                n.language = sms.language();
                n.body = sms.text();
                n.segments = sms.segments();
                n.status = "PENDING";
                n.nextAttemptAt = Instant.now(clock);
                store(n);
            }
            case PHONE -> callTask(c, n, model);
            default -> throw new IllegalStateException(channel + " cannot reach the customer");
        }
    }

    private void callTask(Context c, Notification n, MessageModel model) {
        n.template = "call/" + c.type().typeName();
        n.language = model.language();
        n.body = renderer.callReason(model);
        n.status = "SENT";
        n.provider = "call-task";
        n.attempts = 1;
        n.sentAt = Instant.now(clock);
        UUID taskId = UUID.randomUUID();
        n.providerMessageId = taskId.toString();
        if (store(n)) {
            CallTask task = new CallTask();
            task.id = taskId;
            task.notificationId = n.id;
            task.trackingNumber = n.trackingNumber;
            task.orderId = n.orderId;
            task.eventType = n.eventType;
            task.customerName = c.contact().name;
            task.phone = n.recipient;
            task.language = n.language;
            task.reason = n.body.strip();
            task.status = CallTask.Status.OPEN;
            task.createdAt = Instant.now(clock);
            task.persist();
        }
    }

    private void toManagement(Context c) {
        List<String> list = config.managementEmails().orElse(List.of()).stream().filter(s -> !s.isBlank()).toList();
        if (list.isEmpty()) {
            store(skipped(c, Channel.EMAIL, RecipientKind.MANAGEMENT, "", Notification.PURPOSE_EVENT,
                    "no management distribution list configured"));
            return;
        }
        Notification n = base(c, Channel.EMAIL, RecipientKind.MANAGEMENT, String.join(",", list),
                Notification.PURPOSE_EVENT);
        fill(n, renderer.managementEmail(model(c, Notification.PURPOSE_EVENT, "en", null)));
        n.status = "PENDING";
        n.nextAttemptAt = Instant.now(clock);
        store(n);
    }

    private void toInternalTeams(Context c) {
        List<String> urls = config.internalWebhooks().orElse(List.of()).stream().filter(s -> !s.isBlank()).toList();
        if (urls.isEmpty()) {
            store(skipped(c, Channel.INTERNAL_WEBHOOK, RecipientKind.INTERNAL_TEAMS, "",
                    Notification.PURPOSE_EVENT, "no webhook configured"));
            return;
        }
        String text = renderer.internalNote(model(c, Notification.PURPOSE_EVENT, "en", null)).strip();
        for (String url : urls) {
            Notification n = base(c, Channel.INTERNAL_WEBHOOK, RecipientKind.INTERNAL_TEAMS, url,
                    Notification.PURPOSE_EVENT);
            n.template = "webhook/internal";
            n.language = "en";
            n.body = text;
            n.status = "PENDING";
            n.nextAttemptAt = Instant.now(clock);
            store(n);
        }
    }

    private MessageModel model(Context c, String purpose, String language, String unsubscribeUrl) {
        CustomerContact contact = c.contact();
        String kind = Notification.PURPOSE_FEEDBACK_REQUEST.equals(purpose) ? "FeedbackRequest" : c.type().typeName();
        String reason = null;
        String description = null;
        List<String> steps = List.of();
        Location location = null;
        if (c.type() == EventType.EXCEPTION_RAISED) {
            ExceptionRaised exception = EventCodec.dataAs(c.event(), ExceptionRaised.class);
            reason = MessageRenderer.reasonText(exception.reason(), language);
            description = exception.description();
            steps = exception.resolutionSteps() == null ? List.of() : exception.resolutionSteps();
            location = exception.location();
        } else if (c.type() == EventType.ESCALATION_RAISED) {
            EscalationRaised escalation = EventCodec.dataAs(c.event(), EscalationRaised.class);
            reason = MessageRenderer.reasonText(escalation.reason(), language);
            description = "Level " + escalation.level() + " escalation (" + escalation.trigger() + ")"
                    + (escalation.description() == null ? "" : ": " + escalation.description());
        } else if (c.type() == EventType.ETA_UPDATED) {
            EtaUpdated eta = EventCodec.dataAs(c.event(), EtaUpdated.class);
            reason = MessageRenderer.reasonText(eta.reason(), language);
            steps = eta.resolutionSteps() == null ? List.of() : eta.resolutionSteps();
        } else if (c.type().isMilestone()) {
            location = EventCodec.dataAs(c.event(), Milestone.class).location();
        }
        String trackingUrl = contact != null && contact.trackingUrl != null ? contact.trackingUrl
                : trackingLinks.link(c.event().subject());
        // a report after delivery (e.g. damage) has no delivery date to promise
        boolean afterDelivery = c.type() == EventType.EXCEPTION_RAISED
                && c.state().deliveredBy(ShipmentState.occurredAt(c.event(), Instant.now(clock)));
        LocalDate estimate = contact == null || afterDelivery ? null : contact.estimatedDelivery;
        return new MessageModel(kind, language, contact == null ? null : contact.name, c.event().subject(),
                contact == null ? c.event().extension("orderid") : contact.orderId, trackingUrl,
                MessageRenderer.date(estimate, language), reason, description, steps, location == null ? null
                        : location.city() == null ? location.facility() : location.city(), unsubscribeUrl,
                !afterDelivery && bringsDate(c.event(), c.type()));
    }

    /** True when the event itself carries the estimated delivery date (else the date known before is shown). */
    private static boolean bringsDate(CloudEvent event, EventType type) {
        if (type == EventType.EXCEPTION_RAISED) {
            return EventCodec.dataAs(event, ExceptionRaised.class).revisedEstimatedDelivery() != null;
        }
        if (type == EventType.ETA_UPDATED) {
            return true;
        }
        return type.isMilestone() && EventCodec.dataAs(event, Milestone.class).estimatedDelivery() != null;
    }

    private Notification base(Context c, Channel channel, RecipientKind kind, String recipient, String purpose) {
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.eventId = c.event().id();
        n.eventType = c.type().typeName();
        n.trackingNumber = c.event().subject();
        n.orderId = c.contact() != null && c.contact().orderId != null ? c.contact().orderId
                : c.event().extension("orderid");
        n.channel = channel.name();
        n.recipientKind = kind.name();
        n.recipient = recipient;
        n.purpose = purpose;
        n.createdAt = Instant.now(clock);
        n.updatedAt = n.createdAt;
        return n;
    }

    private Notification skipped(Context c, Channel channel, RecipientKind kind, String recipient, String purpose,
            String reason) {
        Notification n = base(c, channel, kind, recipient, purpose);
        n.status = "SKIPPED";
        n.detail = reason;
        return n;
    }

    private static void fill(Notification n, RenderedEmail email) {
        n.template = email.template();
        n.language = email.language();
        n.subject = email.subject();
        n.body = email.text();
        n.htmlBody = email.html();
    }

    /** Inserts unless the message exists; publishes the record of a final status. True when inserted. */
    private boolean store(Notification n) {
        int[] inserted = new int[1];
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO notification (id, event_id, event_type, tracking_number, order_id, channel,
                        recipient_kind, recipient, purpose, template, language, subject, body, html_body, segments,
                        status, provider, provider_message_id, attempts, next_attempt_at, detail, created_at,
                        updated_at, sent_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                insert.setObject(1, n.id);
                insert.setString(2, n.eventId);
                insert.setString(3, n.eventType);
                insert.setString(4, n.trackingNumber);
                insert.setString(5, n.orderId);
                insert.setString(6, n.channel);
                insert.setString(7, n.recipientKind);
                insert.setString(8, n.recipient);
                insert.setString(9, n.purpose);
                insert.setString(10, n.template);
                insert.setString(11, n.language);
                insert.setString(12, n.subject);
                insert.setString(13, n.body);
                insert.setString(14, n.htmlBody);
                insert.setObject(15, n.segments, Types.INTEGER);
                insert.setString(16, n.status);
                insert.setString(17, n.provider);
                insert.setString(18, n.providerMessageId);
                insert.setInt(19, n.attempts);
                insert.setTimestamp(20, timestamp(n.nextAttemptAt));
                insert.setString(21, n.detail);
                insert.setTimestamp(22, timestamp(n.createdAt));
                insert.setTimestamp(23, timestamp(n.updatedAt));
                insert.setTimestamp(24, timestamp(n.sentAt));
                inserted[0] = insert.executeUpdate();
            }
        });
        if (inserted[0] == 1 && ("SKIPPED".equals(n.status) || "SENT".equals(n.status))) {
            records.publish(n);
        }
        return inserted[0] == 1;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
