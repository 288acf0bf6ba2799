package io.trackline.tracking.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.trackline.events.EventCodec;
import io.trackline.events.EventRecords;
import io.trackline.events.Topics;
import io.trackline.platform.messaging.EventPublisher;
import io.trackline.tracking.PendingEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sends events whose tracking number stayed unknown past the grace period to the dead-letter topic, with the
 * reason, and forgets them. Safe with several replicas: rows are claimed with {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class PendingEventExpiry {

    private static final Logger LOG = Logger.getLogger(PendingEventExpiry.class);

    @Inject
    EntityManager entityManager;

    @Inject
    EventPublisher publisher;

    @Inject
    Clock clock;

    @ConfigProperty(name = "trackline.tracking.unknown-shipment-grace", defaultValue = "PT10M")
    Duration grace;

    @Scheduled(every = "${trackline.tracking.pending-check-interval:30s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        expire(clock.instant());
    }

    /** Dead-letters what was received before {@code now - grace}; returns how many. */
    public int expire(Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<PendingEvent> expired = entityManager.createNativeQuery("""
                    SELECT * FROM pending_event WHERE received_at < ?1
                    ORDER BY received_at LIMIT 500 FOR UPDATE SKIP LOCKED""", PendingEvent.class)
                    .setParameter(1, now.minus(grace)).getResultList();
            for (PendingEvent pending : expired) {
                publisher.publishRaw(Topics.DEAD_LETTER, pending.trackingNumber, pending.payload, Map.of(
                        "dead-letter-reason", "unknown tracking number " + pending.trackingNumber
                                + " (no OrderConfirmed within " + grace + ")",
                        "dead-letter-topic", Topics.SHIPMENT_LIFECYCLE,
                        "dead-letter-partition", "pending",
                        "dead-letter-offset", pending.eventId,
                        EventCodec.CONTENT_TYPE_HEADER, EventRecords.STRUCTURED_CONTENT_TYPE));
                pending.delete();
                // forget it was seen, so that replaying it from the dead-letter topic later applies it
                entityManager.createNativeQuery("DELETE FROM processed_event WHERE consumer = ?1 AND event_id = ?2")
                        .setParameter(1, ShipmentProjection.CONSUMER).setParameter(2, EventCodec.fromJson(pending.payload).key())
                        .executeUpdate();
            }
            if (!expired.isEmpty()) {
                LOG.warnf("dead-lettered %d event(s) for unknown tracking numbers", expired.size());
            }
            return expired.size();
        });
    }
}
