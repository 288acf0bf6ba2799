package io.trackline.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
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

    /** Attempts that ended without knowing whether the provider took the message (see SendFailure.Kind). */
    @Column(name = "unconfirmed_attempts")
    public int unconfirmedAttempts;

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

    /** True while this sender's claim lasts at least {@code margin} longer: time for one more provider call. */
    public boolean claimLasts(Instant now, Duration margin) {
        return claimedUntil != null && claimedUntil.isAfter(now.plus(margin));
    }

    public boolean isCustomerMessage() {
        return "CUSTOMER".equals(recipientKind) && ("EMAIL".equals(channel) || "SMS".equals(channel));
    }

    /** Not sent, for {@code reason}: a final status. */
    public Notification skipped(String reason, Instant now) {
        status = "SKIPPED";
        detail = reason;
        updatedAt = now;
        return this;
    }
}
