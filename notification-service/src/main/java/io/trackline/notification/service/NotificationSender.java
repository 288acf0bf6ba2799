package io.trackline.notification.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.trackline.notification.Notification;
import io.trackline.notification.channel.EmailChannel;
import io.trackline.notification.channel.HttpChannels;
import io.trackline.notification.channel.SendFailure;
import io.trackline.notification.channel.SmsAtProvider;
import io.trackline.notification.channel.Sent;
import io.trackline.notification.config.NotificationConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends due messages: claim a batch (short transaction), send its messages side by side on
 * {@code trackline.notification.sender.concurrency} threads (no transaction), record each outcome (short
 * transaction).
 * <ul>
 * <li>Before each send the claim must still last one provider call: a message whose lease is about to run out is
 * handed back unsent, so no other replica can claim it while it is being sent.</li>
 * <li>The outcome of a send is recorded with retries while the lease lasts (a database blip must not make a sent
 * message look unsent).</li>
 * <li>On shutdown no more messages are claimed and those in flight finish and are recorded (within
 * {@code shutdown-grace}); they are not interrupted.</li>
 * </ul>
 * At least once at the edge for email: if the process dies after the provider accepted a message but before the
 * outcome is recorded, the lease runs out and the message goes once more, as an unconfirmed attempt (bounded, see
 * {@link DeliveryLedger}; the same Message-ID each time). An SMS in that case goes again only if the provider's
 * status callback did not confirm it and the provider's list of messages does not have it ({@link SmsAtProvider}).
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
    SmsAtProvider smsAtProvider;

    @Inject
    NotificationConfig config;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.mailer.timeout")
    Duration mailerTimeout;

    private ExecutorService pool;
    private volatile boolean stopping;

    @PostConstruct
    void start() {
        AtomicInteger threads = new AtomicInteger();
        pool = Executors.newFixedThreadPool(config.sender().concurrency(), task -> {
            Thread thread = new Thread(task, "notification-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops claiming and lets the sends in flight finish and be recorded, before the datasource goes away. */
    void drain(@Observes ShutdownEvent shutdown) {
        stopping = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(config.sender().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("sends still in flight after %s: their leases run out and they are retried as unconfirmed",
                        config.sender().shutdownGrace());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }

    @Scheduled(every = "${trackline.notification.sender.poll-interval}", delayed = "${trackline.notification.sender.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = SenderSwitch.Off.class)
    void sendDue() {
        List<Notification> claimed;
        do {
            if (stopping) {
                return;
            }
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
                    return;
                } catch (ExecutionException e) {
                    LOG.warn("a send failed unexpectedly", e.getCause());
                }
            }
        } while (!claimed.isEmpty());
    }

    /** Sends one claimed message and records the outcome, unless its claim would not outlast the call. */
    public void send(Notification n) {
        Duration callTimeout = "EMAIL".equals(n.channel) ? mailerTimeout : config.sender().httpTimeout();
        if (stopping || !n.claimLasts(Instant.now(clock), callTimeout)) {
            record(n, "hand back", () -> ledger.release(n.id, n.attempts));
            return;
        }
        try {
            Sent sent = switch (n.channel) {
                case "EMAIL" -> email.send(n);
                case "SMS" -> sendSms(n);
                case "INTERNAL_WEBHOOK" -> http.postWebhook(n);
                default -> throw SendFailure.permanent("no sender for channel " + n.channel, null);
            };
            record(n, "record the send of", () -> ledger.sent(n.id, n.attempts, sent));
        } catch (SendFailure e) {
            LOG.infof("%s %s to %s failed (attempt %d, %s): %s", n.channel, n.id, n.recipientKind, n.attempts,
                    e.kind(), e.getMessage());
            record(n, "record the failure of", () -> ledger.failed(n.id, n.attempts, e));
        }
    }

    /**
     * An SMS goes out unless an earlier attempt whose outcome is open (a timeout, or a sender that stopped during
     * the call) reached the provider after all: the provider's list of messages is asked first.
     */
    private Sent sendSms(Notification n) throws SendFailure {
        if (n.unconfirmedAttempts > 0) {
            Optional<Sent> atProvider = ledger.notAnothers(n.id, smsAtProvider.find(n));
            if (atProvider.isPresent()) {
                LOG.infof("SMS %s was found at the provider as %s: not sent again", n.id,
                        atProvider.get().providerMessageId());
                return atProvider.get();
            }
        }
        return http.sendSms(n);
    }

    /**
     * Runs a recording transaction, again after a short pause when it fails (the database restarted, a connection
     * was cut), for as long as the claim lasts; after that the lease runs out and the message is claimed again.
     */
    private void record(Notification n, String what, Runnable transaction) {
        long pause = 100;
        while (true) {
            try {
                transaction.run();
                return;
            } catch (RuntimeException e) {
                if (!n.claimLasts(Instant.now(clock), Duration.ofMillis(pause))) {
                    LOG.warnf(e, "could not %s %s %s before its lease ran out", what, n.channel, n.id);
                    return;
                }
                LOG.infof("could not %s %s %s yet (%s): trying again", what, n.channel, n.id, e.toString());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = Math.min(pause * 2, 2000);
            }
        }
    }
}
