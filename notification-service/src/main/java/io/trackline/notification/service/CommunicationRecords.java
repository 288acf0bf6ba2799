package io.trackline.notification.service;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.Communication;
import io.trackline.notification.Notification;
import io.trackline.notification.render.Masking;
import io.trackline.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes the audit record of a message (CommunicationSent / Failed / Skipped on trackline.communications,
 * keyed by tracking number) through the outbox, in the transaction that changed the message's status.
 */
@ApplicationScoped
public class CommunicationRecords {

    static final String SOURCE = "/trackline/notification-service";

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(Notification n) {
        EventType type = switch (n.status) {
            case "SENT", "DELIVERED" -> EventType.COMMUNICATION_SENT;
            case "FAILED", "UNDELIVERED" -> EventType.COMMUNICATION_FAILED;
            case "SKIPPED" -> EventType.COMMUNICATION_SKIPPED;
            default -> throw new IllegalStateException("no record for status " + n.status);
        };
        Communication data = new Communication(n.id.toString(), n.eventId, n.eventType, n.channel, n.recipientKind,
                cut(Masking.recipient(n.channel, n.recipient), 500), cut(n.template, 200), n.language,
                cut(n.subject, 500), cut(n.body, 20000), n.status, cut(n.provider, 100),
                cut(n.providerMessageId, 200), n.attempts, cut(n.detail, 2000));
        Map<String, String> extensions = new HashMap<>();
        if (n.orderId != null) {
            extensions.put("orderid", n.orderId);
        }
        CloudEvent event = Events.create(type, SOURCE, n.trackingNumber, OffsetDateTime.now(clock), data, extensions);
        outbox.add(Topics.COMMUNICATIONS, "communication", event);
    }

    private static String cut(String value, int max) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return value.length() <= max ? value : value.substring(0, max);
    }
}
