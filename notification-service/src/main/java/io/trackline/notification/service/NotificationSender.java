package io.trackline.notification.service;

import io.quarkus.scheduler.Scheduled;
import io.trackline.notification.Notification;
import io.trackline.notification.channel.EmailChannel;
import io.trackline.notification.channel.HttpChannels;
import io.trackline.notification.channel.SendFailure;
import io.trackline.notification.channel.Sent;
import io.trackline.notification.config.NotificationConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends due messages: claim a batch (short transaction), send its messages side by side on
 * {@code trackline.notification.sender.concurrency} threads (no transaction), record each outcome (short
 * transaction).
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

    @Inject
    NotificationConfig config;

    private ExecutorService pool;

    @PostConstruct
    void start() {
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.sender().concurrency(), task -> {
            Thread thread = new Thread(task, "notification-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }

    @Scheduled(every = "${trackline.notification.sender.poll-interval}", delayed = "${trackline.notification.sender.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SenderSwitch.Off.class)
    void sendDue() {
        List<Notification> claimed;
        do {
            claimed = ledger.claim();
            // the claimed messages go out side by side (SMTP connections from the mailer's pool, HTTP calls); each
            // records its own outcome, so one slow provider call holds up no other message
            List<Future<?>> sends = new ArrayList<>(claimed.size());
            for (Notification n : claimed) {
                sends.add(pool.submit(() -> send(n)));
            }
            for (Future<?> sending : sends) {
                try {
                    sending.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // shutting down: unfinished claims are retried when their lease runs out
                } catch (ExecutionException e) {
                    LOG.warn("a send failed unexpectedly", e.getCause());
                }
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
