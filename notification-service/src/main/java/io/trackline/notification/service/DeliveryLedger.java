package io.trackline.notification.service;

import io.trackline.notification.CustomerContact;
import io.trackline.notification.Notification;
import io.trackline.notification.ShipmentState;
import io.trackline.notification.channel.SendFailure;
import io.trackline.notification.channel.Sent;
import io.trackline.notification.config.NotificationConfig;
import io.trackline.platform.calendar.BusinessCalendar;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The short transactions around a send: claim due messages (a lease, so no transaction stays open during SMTP or
 * HTTP calls), then record the outcome with its audit record. Claims use {@code FOR UPDATE SKIP LOCKED}, so
 * replicas never claim the same message; a claim whose lease ran out (a sender that stopped or lost the database
 * before recording the outcome) is claimed again as an unconfirmed attempt.
 *
 * <p>What a failure leads to depends on its {@link SendFailure.Kind}: transient failures are retried with backoff
 * until {@code give-up-after} from planning; unconfirmed ones at most {@code max-unconfirmed-attempts} times in all
 * (an SMS first waits {@code sms-callback-wait} for the provider's status callback, which confirms it, and then is
 * looked for in the provider's list of messages before it goes again); permanent
 * ones are FAILED at once. A customer message no longer true when it is due (see
 * {@link ShipmentState#staleAtSend}) is SKIPPED with the reason instead of sent.
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
    BusinessCalendar calendar;

    @Inject
    Clock clock;

    /**
     * Claims up to a batch of due messages: status SENDING, one more attempt, leased until now + lease. A claim
     * whose lease ran out counts as an unconfirmed attempt; past the bound it is FAILED here, not sent again.
     */
    @SuppressWarnings("unchecked")
    public List<Notification> claim() {
        Instant now = Instant.now(clock);
        List<Object[]> rows = entityManager.createNativeQuery("""
                WITH due AS (SELECT id, status AS was FROM notification
                             WHERE (status = 'PENDING' AND next_attempt_at <= ?2)
                                OR (status = 'SENDING' AND claimed_until < ?2)
                             ORDER BY next_attempt_at LIMIT ?3 FOR UPDATE SKIP LOCKED)
                UPDATE notification n SET status = 'SENDING', attempts = n.attempts + 1, claimed_until = ?1,
                    unconfirmed_attempts = n.unconfirmed_attempts + CASE WHEN due.was = 'SENDING' THEN 1 ELSE 0 END,
                    updated_at = ?2
                FROM due WHERE n.id = due.id
                RETURNING n.id, due.was""")
                .setParameter(1, Timestamp.from(now.plus(config.sender().lease())))
                .setParameter(2, Timestamp.from(now))
                .setParameter(3, config.sender().batchSize())
                .getResultList();
        List<UUID> claimedIds = rows.stream().map(row -> uuid(row[0])).toList();
        Set<UUID> leaseRanOut = rows.stream().filter(row -> "SENDING".equals(row[1])).map(row -> uuid(row[0]))
                .collect(Collectors.toSet());
        if (claimedIds.isEmpty()) {
            return List.of();
        }
        // the claimed messages, their customers' contacts, preferences and shipments: one query each
        List<Notification> due = Notification.list("id in ?1 order by nextAttemptAt", claimedIds);
        List<String> trackingNumbers = due.stream().map(n -> n.trackingNumber).filter(Objects::nonNull).distinct()
                .toList();
        Map<String, CustomerContact> contacts = CustomerContact.byTrackingNumber(trackingNumbers);
        Map<String, ShipmentState> shipments = ShipmentState.<ShipmentState>list("trackingNumber in ?1",
                trackingNumbers).stream().collect(Collectors.toMap(s -> s.trackingNumber, Function.identity()));
        KnownPreferences known = preferences.load(contacts.values(), due.stream().map(n -> n.recipient).toList());
        List<Notification> claimed = new ArrayList<>();
        for (Notification n : due) {
            CustomerContact contact = contacts.get(n.trackingNumber);
            Optional<String> unconfirmed = unconfirmedTooOften(n);
            if (unconfirmed.isPresent()) {
                close(n, "FAILED", unconfirmed.get());
                continue;
            }
            if ("SMS".equals(n.channel) && leaseRanOut.contains(n.id)) {
                // its sender stopped during the call: the provider may have it, and then its callback says so
                n.attempts--;
                n.claimedUntil = null;
                waitForSmsCallback(n, now, "the sender stopped before recording the outcome");
                continue;
            }
            Optional<String> notTrue = optedOutSincePlanning(n, contact, known).or(() ->
                    Optional.ofNullable(shipments.get(n.trackingNumber)).flatMap(shipment -> shipment.staleAtSend(n,
                            contact == null ? calendar.zone() : contact.zone(calendar.zone()), now)));
            if (notTrue.isPresent()) {
                close(n, "SKIPPED", notTrue.get());
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
        n.detail = sent.detail();
        records.publish(n);
        // A status callback can overtake the recording of the send: apply a final status it already brought.
        String finalStatus = SmsStatus.finalStatus(n.providerStatus);
        if (finalStatus != null) {
            n.status = finalStatus;
            records.publish(n);
        }
    }

    /**
     * The first of the provider's messages that may be {@code id} (see {@link io.trackline.notification.channel.SmsAtProvider})
     * whose provider id no other notification holds: that one is {@code id}'s.
     */
    public Optional<Sent> notAnothers(UUID id, List<Sent> atProvider) {
        if (atProvider.isEmpty()) {
            return Optional.empty();
        }
        Set<String> heldByOthers = Set.copyOf(entityManager.createQuery("""
                        select n.providerMessageId from Notification n
                        where n.providerMessageId in ?1 and n.id <> ?2""", String.class)
                .setParameter(1, atProvider.stream().map(Sent::providerMessageId).filter(Objects::nonNull).toList())
                .setParameter(2, id)
                .getResultList());
        return atProvider.stream().filter(sent -> sent.providerMessageId() != null
                && !heldByOthers.contains(sent.providerMessageId())).findFirst();
    }

    /** Records a failed or unconfirmed attempt: due again later, or FAILED (see the class comment). */
    public void failed(UUID id, int attempt, SendFailure failure) {
        Notification n = mine(id, attempt);
        if (n == null) {
            return;
        }
        Instant now = Instant.now(clock);
        n.updatedAt = now;
        n.claimedUntil = null;
        n.detail = truncated(failure.getMessage());
        Duration backoff = backoff(n.attempts);
        switch (failure.kind()) {
            case PERMANENT -> giveUp(n, n.detail);
            case TRANSIENT -> retryOrGiveUp(n, now,
                    failure.retryAfter().filter(retryAfter -> retryAfter.compareTo(backoff) > 0).orElse(backoff));
            case UNCONFIRMED -> {
                n.unconfirmedAttempts++;
                if (n.unconfirmedAttempts >= config.sender().maxUnconfirmedAttempts()) {
                    giveUp(n, "not confirmed after " + n.unconfirmedAttempts
                            + " attempts (the provider may have received it): " + n.detail);
                } else if ("SMS".equals(n.channel)) {
                    waitForSmsCallback(n, now, n.detail);
                } else {
                    retryOrGiveUp(n, now, backoff);
                }
            }
        }
    }

    /**
     * Hands back a claimed message this sender did not send (its lease was about to run out, or it is stopping):
     * due again at once, and the attempt does not count.
     */
    public void release(UUID id, int attempt) {
        Notification n = mine(id, attempt);
        if (n == null) {
            return;
        }
        n.status = "PENDING";
        n.attempts--;
        n.claimedUntil = null;
        n.nextAttemptAt = Instant.now(clock);
    }

    /**
     * An SMS the provider may have: due again after {@code sms-callback-wait}, unless the provider's status callback
     * confirms it first (see {@link SmsCallbacks}).
     */
    private void waitForSmsCallback(Notification n, Instant now, String why) {
        n.status = "PENDING";
        n.nextAttemptAt = now.plus(config.sender().smsCallbackWait());
        n.detail = truncated(why + ": waiting for the provider's status callback before sending again");
    }

    private void retryOrGiveUp(Notification n, Instant now, Duration delay) {
        Instant next = now.plus(delay);
        Instant giveUpAt = (n.createdAt == null ? now : n.createdAt).plus(config.sender().giveUpAfter());
        if (next.isAfter(giveUpAt)) {
            giveUp(n, "gave up after " + n.attempts + " attempts over " + config.sender().giveUpAfter() + ": "
                    + n.detail);
            return;
        }
        n.status = "PENDING";
        n.nextAttemptAt = next;
    }

    private void close(Notification n, String status, String reason) {
        n.status = status;
        n.detail = reason;
        n.claimedUntil = null;
        n.nextAttemptAt = null;
        records.publish(n);
    }

    private void giveUp(Notification n, String reason) {
        close(n, "FAILED", truncated(reason));
    }

    private static String truncated(String reason) {
        return reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    }

    private static UUID uuid(Object column) {
        return column instanceof UUID uuid ? uuid : UUID.fromString(column.toString());
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

    private Optional<String> unconfirmedTooOften(Notification n) {
        if (n.unconfirmedAttempts < config.sender().maxUnconfirmedAttempts()) {
            return Optional.empty();
        }
        return Optional.of("not confirmed after " + n.unconfirmedAttempts + " attempts (the last sender stopped or "
                + "lost its database before recording the outcome; the provider may have received it)");
    }

    private static Optional<String> optedOutSincePlanning(Notification n, CustomerContact contactKnown,
            KnownPreferences preferences) {
        if (!n.isCustomerMessage()) {
            return Optional.empty();
        }
        CustomerContact contact = contactKnown;
        if (contact == null) {
            contact = new CustomerContact();
        }
        CustomerContact probe = new CustomerContact();
        probe.email = "EMAIL".equals(n.channel) ? n.recipient : contact.email;
        probe.phone = "SMS".equals(n.channel) ? n.recipient : contact.phone;
        return preferences.optedOut(probe, n.channel) ? Optional.of("the customer opted out of " + n.channel)
                : Optional.empty();
    }
}
