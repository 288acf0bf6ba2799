package io.trackline.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Remembers which event ids a consumer has processed, in the same transaction as the state change the event
 * caused: a redelivered event is seen as such and changes nothing.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager entityManager;

    /** True the first time {@code consumer} sees {@code eventId}; false for a redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String consumer, String eventId) {
        return entityManager.createNativeQuery("""
                INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING""")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate() == 1;
    }
}
