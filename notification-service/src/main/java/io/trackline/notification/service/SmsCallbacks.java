package io.trackline.notification.service;

import io.trackline.notification.Notification;
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
        String before = n.providerStatus;
        String after = SmsStatus.higher(before, messageStatus);
        if (after == null || after.equals(before)) {
            return true;
        }
        n.providerStatus = after;
        n.updatedAt = Instant.now(clock);
        if (n.providerMessageId == null) {
            n.providerMessageId = messageSid;
        }
        String finalStatus = SmsStatus.finalStatus(after);
        // Before the send is recorded (SENDING) the sender applies the final status itself; see DeliveryLedger.sent.
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
