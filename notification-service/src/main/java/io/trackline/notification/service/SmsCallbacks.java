package io.trackline.notification.service;

import io.trackline.notification.Notification;
import io.trackline.notification.channel.HttpChannels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Applies the SMS provider's status callbacks: monotonic (a status never goes back) and deduplicated (a repeated
 * callback changes nothing and publishes nothing). Reaching delivered / undelivered publishes one more record.
 *
 * <p>A callback is also the provider's word that it has the message: for an SMS whose send was not confirmed
 * (the call timed out, and it waits to be sent again) or is still in flight, it records the SMS as SENT with the
 * provider's id, so it is not sent a second time (and corrects a FAILED that gave up on unconfirmed attempts).
 */
@ApplicationScoped
@Transactional
public class SmsCallbacks {

    @Inject
    CommunicationRecords records;

    @Inject
    Clock clock;

    /** False when the message is unknown or the provider's id does not match it. */
    public boolean apply(UUID notificationId, String messageSid, String messageStatus) {
        Notification n = Notification.findById(notificationId, LockModeType.PESSIMISTIC_WRITE);
        if (n == null || !"SMS".equals(n.channel)
                || (n.providerMessageId != null && messageSid != null && !n.providerMessageId.equals(messageSid))) {
            return false;
        }
        Instant now = Instant.now(clock);
        boolean unconfirmedFailure = "FAILED".equals(n.status) && n.unconfirmedAttempts > 0;
        if ((("PENDING".equals(n.status) || "SENDING".equals(n.status)) && n.attempts > 0) || unconfirmedFailure) {
            n.status = "SENT";
            n.provider = HttpChannels.SMS_PROVIDER;
            n.providerMessageId = messageSid;
            n.sentAt = now;
            n.claimedUntil = null;
            n.nextAttemptAt = null;
            n.detail = "confirmed by the provider's status callback";
            n.updatedAt = now;
            records.publish(n);
        }
        String before = n.providerStatus;
        String after = SmsStatus.higher(before, messageStatus);
        if (after == null || after.equals(before)) {
            return true;
        }
        n.providerStatus = after;
        n.updatedAt = now;
        if (n.providerMessageId == null) {
            n.providerMessageId = messageSid;
        }
        String finalStatus = SmsStatus.finalStatus(after);
        if (finalStatus != null && "SENT".equals(n.status)) {
            n.status = finalStatus;
            if ("UNDELIVERED".equals(finalStatus)) {
                n.detail = "the provider reported " + after;
            }
            records.publish(n);
        }
        return true;
    }
}
