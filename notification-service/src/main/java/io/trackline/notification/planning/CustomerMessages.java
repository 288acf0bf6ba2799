package io.trackline.notification.planning;

import io.trackline.events.EventType;
import io.trackline.notification.CallTask;
import io.trackline.notification.CustomerContact;
import io.trackline.notification.Notification;
import io.trackline.notification.config.NotificationConfig;
import io.trackline.notification.matrix.Channel;
import io.trackline.notification.matrix.CommunicationMatrix;
import io.trackline.notification.matrix.RecipientKind;
import io.trackline.notification.render.LinkSigner;
import io.trackline.notification.render.MessageModel;
import io.trackline.notification.render.MessageRenderer;
import io.trackline.notification.render.RenderedSms;
import io.trackline.notification.service.KnownPreferences;
import io.trackline.notification.service.Preferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The messages about an event to its customer, once the contact is known: each channel the matrix names, unless it
 * is no longer true ({@link io.trackline.notification.ShipmentState#staleReason}), the customer has no address for
 * it or opted out; the one Delivered announced also asks for feedback. A phone call becomes a call task at once.
 */
@ApplicationScoped
class CustomerMessages {

    @Inject
    CommunicationMatrix matrix;

    @Inject
    MessageRenderer renderer;

    @Inject
    MessageModels models;

    @Inject
    MessageDrafts drafts;

    @Inject
    Preferences preferences;

    @Inject
    LinkSigner links;

    @Inject
    NotificationConfig config;

    @Inject
    Clock clock;

    void plan(PlannedEvent planned, KnownPreferences known) {
        boolean announced = planned.type() == EventType.DELIVERED
                && planned.state().announceDelivery(planned.event());
        for (CommunicationMatrix.Delivery delivery : matrix.deliveriesFor(planned.type())) {
            if (delivery.recipient() == RecipientKind.CUSTOMER) {
                plan(planned, known, delivery.channel(), Notification.PURPOSE_EVENT, Instant.now(clock));
            }
        }
        if (announced && config.feedbackRequest().enabled()) {
            Instant now = Instant.now(clock);
            Instant due = planned.occurredAt(now).plus(config.feedbackRequest().delay());
            plan(planned, known, Channel.EMAIL, Notification.PURPOSE_FEEDBACK_REQUEST, due.isBefore(now) ? now : due);
        }
    }

    /** True when the event has messages for the customer: without a contact yet, it waits for the OrderConfirmed. */
    boolean tellsCustomer(EventType type) {
        return type == EventType.DELIVERED && config.feedbackRequest().enabled()
                || matrix.deliveriesFor(type).stream().anyMatch(d -> d.recipient() == RecipientKind.CUSTOMER
                        && d.channel() != Channel.PORTAL);
    }

    private void plan(PlannedEvent planned, KnownPreferences known, Channel channel, String purpose, Instant due) {
        if (channel == Channel.PORTAL) {
            return; // the tracking page shows every event: no message, no record
        }
        CustomerContact contact = planned.contact();
        String address = channel == Channel.EMAIL ? contact.email : contact.phone;
        if (address == null || address.isBlank()) {
            drafts.skip(planned, channel, RecipientKind.CUSTOMER, "", purpose,
                    "the customer has no " + (channel == Channel.EMAIL ? "email address" : "phone number"));
            return;
        }
        Optional<String> stale = planned.state().staleReason(planned.event(), channel,
                Notification.PURPOSE_FEEDBACK_REQUEST.equals(purpose), Instant.now(clock));
        if (stale.isPresent()) {
            drafts.skip(planned, channel, RecipientKind.CUSTOMER, address, purpose, stale.get());
            return;
        }
        if ((channel == Channel.EMAIL || channel == Channel.SMS) && known.optedOut(contact, channel.name())) {
            drafts.skip(planned, channel, RecipientKind.CUSTOMER, address, purpose,
                    "the customer opted out of " + channel);
            return;
        }
        Notification n = drafts.draft(planned, channel, RecipientKind.CUSTOMER, address, purpose);
        MessageModel model = models.model(planned, purpose, preferences.language(known, contact),
                channel == Channel.EMAIL
                        ? links.unsubscribeLink(Preferences.customerKey(address).orElse(address), "EMAIL") : null);
        switch (channel) {
            case EMAIL -> {
                MessageDrafts.fill(n, renderer.customerEmail(model));
                drafts.pending(n, due);
            }
            case SMS -> {
                RenderedSms sms = renderer.sms(model);
                n.template = sms.template();
                n.language = sms.language();
                n.body = sms.text();
                n.segments = sms.segments();
                drafts.pending(n, Instant.now(clock));
            }
            case PHONE -> callTask(planned, n, model);
            default -> throw new IllegalStateException(channel + " cannot reach the customer");
        }
    }

    /** A call is no message to send: it is SENT at once, as a task for customer service. */
    private void callTask(PlannedEvent planned, Notification n, MessageModel model) {
        n.template = "call/" + planned.type().typeName();
        n.language = model.language();
        n.body = renderer.callReason(model);
        n.status = "SENT";
        n.provider = "call-task";
        n.attempts = 1;
        n.sentAt = Instant.now(clock);
        UUID taskId = UUID.randomUUID();
        n.providerMessageId = taskId.toString();
        if (drafts.store(n)) {
            CallTask.open(taskId, n, planned.contact().name, n.sentAt).persist();
        }
    }
}
