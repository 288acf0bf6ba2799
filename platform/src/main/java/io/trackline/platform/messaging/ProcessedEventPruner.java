package io.trackline.platform.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Forgets processed event ids once no redelivery can bring them back: {@code trackline.processed-events.keep}
 * must stay longer than the topics' retention. Runs in batches, one replica at a time (advisory lock).
 */
@ApplicationScoped
public class ProcessedEventPruner {

    private static final Logger LOG = Logger.getLogger(ProcessedEventPruner.class);
    private static final long LOCK_KEY = 0x7072_756e_6500L;
    private static final int BATCH = 10_000;

    @Inject
    EntityManager entityManager;

    @Inject
    Clock clock;

    @ConfigProperty(name = "trackline.processed-events.prune", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "trackline.processed-events.keep", defaultValue = "P30D")
    Duration keep;

    @Scheduled(every = "${trackline.processed-events.prune-interval:6h}", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (enabled) {
            int pruned = prune(clock.instant());
            if (pruned > 0) {
                LOG.infof("forgot %d processed event id(s) older than %s", pruned, keep);
            }
        }
    }

    /** Deletes ids processed before {@code now - keep}; returns how many. */
    public int prune(Instant now) {
        Instant before = now.minus(keep);
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> {
                Boolean locked = (Boolean) entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                        .setParameter(1, LOCK_KEY).getSingleResult();
                if (!locked) {
                    return 0;
                }
                return entityManager.createNativeQuery("""
                        DELETE FROM processed_event WHERE ctid IN (
                            SELECT ctid FROM processed_event WHERE processed_at < ?1 LIMIT ?2)""")
                        .setParameter(1, before).setParameter(2, BATCH).executeUpdate();
            });
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
