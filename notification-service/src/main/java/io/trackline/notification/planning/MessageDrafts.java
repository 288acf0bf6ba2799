package io.trackline.notification.planning;

import io.trackline.notification.Notification;
import io.trackline.notification.matrix.Channel;
import io.trackline.notification.matrix.RecipientKind;
import io.trackline.notification.render.RenderedEmail;
import io.trackline.notification.service.CommunicationRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Drafts the messages of a planned event and stores them. The unique key (event, channel, recipient kind,
 * recipient, purpose) and {@code ON CONFLICT DO NOTHING} make a second planning of the same event a no-op even past
 * the processed-id check.
 */
@ApplicationScoped
class MessageDrafts {

    @Inject
    CommunicationRecords records;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    /** A new message about {@code planned} to {@code recipient}, without content or status yet. */
    Notification draft(PlannedEvent planned, Channel channel, RecipientKind kind, String recipient, String purpose) {
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.eventId = planned.event().id();
        n.eventType = planned.type().typeName();
        n.trackingNumber = planned.trackingNumber();
        n.orderId = planned.orderId();
        n.channel = channel.name();
        n.recipientKind = kind.name();
        n.recipient = recipient;
        n.purpose = purpose;
        n.createdAt = Instant.now(clock);
        n.updatedAt = n.createdAt;
        return n;
    }

    /** Stores a message that is not sent, with the reason. */
    void skip(PlannedEvent planned, Channel channel, RecipientKind kind, String recipient, String purpose,
            String reason) {
        store(draft(planned, channel, kind, recipient, purpose).skipped(reason, Instant.now(clock)));
    }

    static void fill(Notification n, RenderedEmail email) {
        n.template = email.template();
        n.language = email.language();
        n.subject = email.subject();
        n.body = email.text();
        n.htmlBody = email.html();
    }

    /** Stores a message for the sender to send at {@code due}. */
    void pending(Notification n, Instant due) {
        n.status = "PENDING";
        n.nextAttemptAt = due;
        store(n);
    }

    /** Inserts unless the message exists; publishes the record of a final status. True when inserted. */
    boolean store(Notification n) {
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
