package io.trackline.notification.service;

import io.trackline.notification.CustomerContact;
import io.trackline.notification.Notification;
import io.trackline.notification.channel.Sent;
import io.trackline.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The short transactions around a send: claim due messages (a lease, so no transaction stays open during SMTP or
 * HTTP calls), then record the outcome with its audit record. Claims use {@code FOR UPDATE SKIP LOCKED}, so
 * replicas never claim the same message; a claim whose lease ran out (crashed sender) is claimed again.
 */
@ApplicationScoped
@Transactional
public class DeliveryLedger {

    @Inject
    EntityManager entityManager;

    @Inject
    NotificationConfig config;

    @Inject
    CommunicationRecords records;

    @Inject
    Preferences preferences;

    @Inject
    Clock clock;

    /** Claims up to a batch of due messages: status SENDING, one more attempt, leased until now + lease. */
    @SuppressWarnings("unchecked")
    public List<Notification> claim() {
        Instant now = Instant.now(clock);
        List<Object> ids = entityManager.createNativeQuery("""
                UPDATE notification SET status = 'SENDING', attempts = attempts + 1, claimed_until = ?1,
                    updated_at = ?2
                WHERE id IN (SELECT id FROM notification
                             WHERE (status = 'PENDING' AND next_attempt_at <= ?2)
                                OR (status = 'SENDING' AND claimed_until < ?2)
                             ORDER BY next_attempt_at LIMIT ?3 FOR UPDATE SKIP LOCKED)
                RETURNING id""")
                .setParameter(1, Timestamp.from(now.plus(config.sender().lease())))
                .setParameter(2, Timestamp.from(now))
                .setParameter(3, config.sender().batchSize())
                .getResultList();
        List<UUID> claimedIds = ids.stream().map(id -> id instanceof UUID uuid ? uuid : UUID.fromString(id.toString()))
                .toList();
        if (claimedIds.isEmpty()) {
            return List.of();
        }
        // the claimed messages, their customers' contacts and preferences: one query each, not one per message
        List<Notification> due = Notification.list("id in ?1 order by nextAttemptAt", claimedIds);
        Map<String, CustomerContact> contacts = CustomerContact.byTrackingNumber(
                due.stream().map(n -> n.trackingNumber).filter(Objects::nonNull).distinct().toList());
        preferences.prefetch(contacts.values(), due.stream().map(n -> n.recipient).toList());
        List<Notification> claimed = new ArrayList<>();
        for (Notification n : due) {
            if (optedOutSincePlanning(n, contacts.get(n.trackingNumber))) {
                n.status = "SKIPPED";
                n.detail = "the customer opted out of " + n.channel;
                n.claimedUntil = null;
                records.publish(n);
                continue;
            }
            claimed.add(n);
        }
        return claimed;
    }

    public void sent(UUID id, int attempt, Sent sent) {
        Notification n = mine(id, attempt);
        if (n == null) {
            return;
        }
        Instant now = Instant.now(clock);
        n.status = "SENT";
        n.provider = sent.provider();
        n.providerMessageId = sent.providerMessageId();
        n.providerStatus = SmsStatus.higher(n.providerStatus, sent.providerStatus());
        n.sentAt = now;
        n.updatedAt = now;
        n.claimedUntil = null;
        n.nextAttemptAt = null;
        n.detail = null;
        records.publish(n);
        // A status callback can overtake the recording of the send: apply a final status it already brought.
        String finalStatus = SmsStatus.finalStatus(n.providerStatus);
        if (finalStatus != null) {
            n.status = finalStatus;
            records.publish(n);
        }
    }

    /** Retries a retryable failure with backoff until the last attempt; records FAILED after that or at once. */
    public void failed(UUID id, int attempt, String reason, boolean retryable) {
        Notification n = mine(id, attempt);
        if (n == null) {
            return;
        }
        Instant now = Instant.now(clock);
        n.updatedAt = now;
        n.claimedUntil = null;
        n.detail = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        if (retryable && n.attempts < config.sender().maxAttempts()) {
            n.status = "PENDING";
            n.nextAttemptAt = now.plus(backoff(n.attempts));
            return;
        }
        n.status = "FAILED";
        n.nextAttemptAt = null;
        if (retryable) {
            n.detail = ("gave up after " + n.attempts + " attempts: " + n.detail);
        }
        records.publish(n);
    }

    /** Exponential backoff from the initial delay, capped, with "equal jitter" (between half and all of it). */
    Duration backoff(int attempts) {
        long initial = config.sender().initialBackoff().toMillis();
        long max = config.sender().maxBackoff().toMillis();
        long exponential = initial << Math.min(20, Math.max(0, attempts - 1));
        long capped = Math.min(max, exponential);
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    /** The message, locked, if this sender's claim still holds (the lease did not pass to another sender). */
    private Notification mine(UUID id, int attempt) {
        Notification n = entityManager.find(Notification.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (n == null || !"SENDING".equals(n.status) || n.attempts != attempt) {
            return null;
        }
        return n;
    }

    private boolean optedOutSincePlanning(Notification n, CustomerContact known) {
        if (!"CUSTOMER".equals(n.recipientKind) || !("EMAIL".equals(n.channel) || "SMS".equals(n.channel))) {
            return false;
        }
        CustomerContact contact = known;
        if (contact == null) {
            contact = new CustomerContact();
        }
        CustomerContact probe = new CustomerContact();
        probe.email = "EMAIL".equals(n.channel) ? n.recipient : contact.email;
        probe.phone = "SMS".equals(n.channel) ? n.recipient : contact.phone;
        return preferences.optedOut(probe, n.channel);
    }
}
