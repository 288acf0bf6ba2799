package io.trackline.platform.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.trackline.events.InvalidEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs a consumer's work in its own transaction, retrying passing failures (database down, deadlock) with
 * exponential backoff until a deadline. A record that is no valid event ({@link InvalidEventException}) fails at
 * once. When the deadline is reached the work fails with {@link ProcessingFailedException} and the caller
 * dead-letters the record with the reason, from where ops can replay it.
 * <p>
 * Deadlines, not attempt counts: the Kafka connector fails a channel (liveness down, the batch redelivered after a
 * restart) when a record stays unacknowledged longer than {@code throttled.unprocessed-record-max-age.ms} (60 s).
 * {@link EventBatches} gives each poll one {@link #retryBudget()}, and the service refuses to start when that budget
 * is not well inside the connector's limit for every throttled channel.
 */
@ApplicationScoped
public class EventProcessing {

    private static final Logger LOG = Logger.getLogger(EventProcessing.class);
    private static final long CONNECTOR_DEFAULT_MAX_AGE_MS = 60_000;

    @ConfigProperty(name = "trackline.consumer.retry-budget", defaultValue = "PT20S")
    Duration retryBudget;

    @ConfigProperty(name = "trackline.consumer.initial-backoff", defaultValue = "PT0.2S")
    Duration initialBackoff;

    @ConfigProperty(name = "trackline.consumer.max-backoff", defaultValue = "PT5S")
    Duration maxBackoff;

    @Inject
    Config config;

    /** Wall-clock time, not the application's {@code Clock} (which tests may fix). */
    private final Clock clock = Clock.systemUTC();

    /** How long the retries of one poll may take in all; at most a third of the connector's limit. */
    public Duration retryBudget() {
        return retryBudget;
    }

    /** The deadline of retries that start now. */
    public Instant deadline() {
        return clock.instant().plus(retryBudget);
    }

    /** Runs {@code work} in a new transaction, retrying a passing failure while a retry can start before {@code deadline}. */
    public void inTransaction(String what, Instant deadline, Runnable work) {
        long backoff = initialBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(work);
                return;
            } catch (InvalidEventException e) {
                throw e;
            } catch (RuntimeException e) {
                if (clock.instant().plusMillis(backoff).isAfter(deadline)) {
                    throw new ProcessingFailedException(what + " failed " + attempt + (attempt == 1 ? " time" : " times")
                            + " within its retry budget of " + retryBudget.toSeconds() + " s: " + rootMessage(e), e);
                }
                LOG.warnf("%s failed (attempt %d), retrying in %d ms: %s", what, attempt, backoff, rootMessage(e));
                sleep(backoff);
                backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
            }
        }
    }

    /** Refuses to start with a retry budget that could outlast the connector's limit for unacknowledged records. */
    void checkBudget(@Observes StartupEvent event) {
        for (String name : config.getPropertyNames()) {
            if (name.startsWith("mp.messaging.incoming.") && name.endsWith(".commit-strategy")
                    && "throttled".equals(config.getOptionalValue(name, String.class).orElse(""))) {
                String channel = name.substring(0, name.length() - ".commit-strategy".length());
                long maxAgeMs = config.getOptionalValue(channel + ".throttled.unprocessed-record-max-age.ms",
                        Long.class).orElse(CONNECTOR_DEFAULT_MAX_AGE_MS);
                if (maxAgeMs > 0 && retryBudget.toMillis() * 3 > maxAgeMs) {
                    throw new IllegalStateException("trackline.consumer.retry-budget (" + retryBudget + ") must be"
                            + " at most a third of " + channel + ".throttled.unprocessed-record-max-age.ms ("
                            + maxAgeMs + "), so that a poll's retries and dead letters end before the connector"
                            + " gives up on the channel");
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessingFailedException("interrupted while waiting to retry", e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** A record that could not be processed although it was a valid event. */
    public static class ProcessingFailedException extends RuntimeException {
        public ProcessingFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
