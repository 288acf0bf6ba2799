package io.trackline.order.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.trackline.order.config.OrderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;

/**
 * Forgets Idempotency-Keys after {@code trackline.order.idempotency-key-ttl}: an upstream retry comes within
 * minutes, and the external reference stays unique per source for ever, so a late duplicate is still refused.
 */
@ApplicationScoped
public class IdempotencyKeyPruner {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeyPruner.class);

    @Inject
    EntityManager entityManager;

    @Inject
    OrderConfig config;

    @Inject
    Clock clock;

    @Scheduled(every = "6h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int pruned = prune(clock.instant());
        if (pruned > 0) {
            LOG.infof("forgot %d idempotency key(s) older than %s", pruned, config.idempotencyKeyTtl());
        }
    }

    /** Deletes keys created before {@code now - ttl}; returns how many. Concurrent runs just delete less. */
    public int prune(Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(
                "DELETE FROM idempotency_key WHERE created_at < ?1")
                .setParameter(1, now.minus(config.idempotencyKeyTtl())).executeUpdate());
    }
}
