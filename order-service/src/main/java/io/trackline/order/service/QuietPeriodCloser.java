package io.trackline.order.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;

/**
 * Closes delivered orders once their quiet period has passed. Safe with several replicas: each run claims its
 * orders with {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class QuietPeriodCloser {

    private static final Logger LOG = Logger.getLogger(QuietPeriodCloser.class);

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    Clock clock;

    @Scheduled(every = "${trackline.order.close-check-interval:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeQuietOrders() {
        int closed;
        do {
            closed = lifecycle.closeQuietOrders(clock.instant());
            if (closed > 0) {
                LOG.infof("closed %d order(s) whose quiet period has passed", closed);
            }
        } while (closed == 200);
    }
}
