package io.trackline.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One message: event, channel, recipient and purpose are unique together. Status PENDING → SENDING (claimed by a
 * sender until {@code claimedUntil}) → SENT / FAILED, or SKIPPED at once; SMS may go on to DELIVERED / UNDELIVERED.
 */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    public static final String PURPOSE_EVENT = "EVENT";
    public static final String PURPOSE_FEEDBACK_REQUEST = "FEEDBACK_REQUEST";

    @Id
    public UUID id;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "tracking_number")
    public String trackingNumber;

    @Column(name = "order_id")
    public String orderId;

    public String channel;

    @Column(name = "recipient_kind")
    public String recipientKind;

    public String recipient;
    public String purpose;
    public String template;
    public String language;
    public String subject;
    public String body;

    @Column(name = "html_body")
    public String htmlBody;

    public Integer segments;
    public String status;
    public String provider;

    @Column(name = "provider_message_id")
    public String providerMessageId;

    @Column(name = "provider_status")
    public String providerStatus;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "claimed_until")
    public Instant claimedUntil;

    public String detail;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "sent_at")
    public Instant sentAt;
}
