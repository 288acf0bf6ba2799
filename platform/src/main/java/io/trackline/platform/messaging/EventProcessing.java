package io.trackline.platform.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.trackline.events.InvalidEventException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Runs a consumer's work for one record in its own transaction. A record that is no valid event
 * ({@link InvalidEventException}) fails at once, so the channel's failure strategy sends it to the dead-letter
 * topic with the reason; any other failure (database down, deadlock) is retried with exponential backoff, so
 * a passing outage delays records instead of dead-lettering them. After the last attempt the record goes to
 * the dead-letter topic too, with the reason, from where ops can replay it.
 */
@ApplicationScoped
public class EventProcessing {

    private static final Logger LOG = Logger.getLogger(EventProcessing.class);

    @ConfigProperty(name = "trackline.consumer.max-attempts", defaultValue = "8")
    int maxAttempts;

    @ConfigProperty(name = "trackline.consumer.initial-backoff", defaultValue = "PT0.2S")
    Duration initialBackoff;

    @ConfigProperty(name = "trackline.consumer.max-backoff", defaultValue = "PT10S")
    Duration maxBackoff;

    public void inTransaction(String what, Runnable work) {
        long backoff = initialBackoff.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(work);
                return;
            } catch (InvalidEventException e) {
                throw e;
            } catch (RuntimeException e) {
                if (attempt >= maxAttempts) {
                    throw new ProcessingFailedException(what + " failed after " + attempt + " attempts: "
                            + rootMessage(e), e);
                }
                LOG.warnf("%s failed (attempt %d of %d), retrying in %d ms: %s", what, attempt, maxAttempts,
                        backoff, rootMessage(e));
                sleep(backoff);
                backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
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
