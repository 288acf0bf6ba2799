package io.trackline.notification.service;

import io.quarkus.scheduler.Scheduled;
import io.trackline.notification.Notification;
import io.trackline.notification.channel.EmailChannel;
import io.trackline.notification.channel.HttpChannels;
import io.trackline.notification.channel.SendFailure;
import io.trackline.notification.channel.Sent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Sends due messages: claim (short transaction), send (no transaction), record the outcome (short transaction).
 * At least once at the edge: if the process dies after the provider accepted a message but before the outcome is
 * recorded, the lease runs out and the message goes once more; the window is one provider call.
 */
@ApplicationScoped
public class NotificationSender {

    private static final Logger LOG = Logger.getLogger(NotificationSender.class);

    @Inject
    DeliveryLedger ledger;

    @Inject
    EmailChannel email;

    @Inject
    HttpChannels http;

    @Scheduled(every = "${trackline.notification.sender.poll-interval}", delayed = "${trackline.notification.sender.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SenderSwitch.Off.class)
    void sendDue() {
        List<Notification> claimed;
        do {
            claimed = ledger.claim();
            for (Notification n : claimed) {
                send(n);
            }
        } while (!claimed.isEmpty());
    }

    private void send(Notification n) {
        try {
            Sent sent = switch (n.channel) {
                case "EMAIL" -> email.send(n);
                case "SMS" -> http.sendSms(n);
                case "INTERNAL_WEBHOOK" -> http.postWebhook(n);
                default -> throw new SendFailure("no sender for channel " + n.channel, false);
            };
            ledger.sent(n.id, n.attempts, sent);
        } catch (SendFailure e) {
            LOG.infof("%s %s to %s failed (attempt %d, %s): %s", n.channel, n.id, n.recipientKind, n.attempts,
                    e.retryable() ? "will retry" : "permanent", e.getMessage());
            ledger.failed(n.id, n.attempts, e.getMessage(), e.retryable());
        } catch (RuntimeException e) {
            // Not the provider's fault (e.g. the database): the lease runs out and the message is tried again.
            LOG.warnf(e, "could not complete %s %s", n.channel, n.id);
        }
    }
}
