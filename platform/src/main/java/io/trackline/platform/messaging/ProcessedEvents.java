package io.trackline.platform.messaging;

import io.trackline.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Remembers which events a consumer has processed, in the same transaction as the state change the event caused:
 * a redelivered event is seen as such and changes nothing. Events are told apart by {@link CloudEvent#key()}
 * (source and id), since two producers may both send an id "1".
 * <p>
 * A batch consumer {@linkplain #claim claims} all keys of its batch in one statement, and handles only the ones the
 * claim returns (an event twice in one batch is new only once), so the consumer's own writes stay batched instead of
 * being flushed before one insert per event.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager entityManager;

    /** True the first time {@code consumer} sees the record of this key (e.g. a dead letter's origin). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTimeFor(String consumer, String key) {
        return entityManager.createNativeQuery("""
                INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING""")
                .setParameter(1, consumer)
                .setParameter(2, key)
                .executeUpdate() == 1;
    }

    /**
     * Records the events of these keys ({@link CloudEvent#key()}) as processed by {@code consumer} in this
     * transaction, with one statement, and returns the keys that {@code consumer} had not processed before: the
     * events to handle.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<String> claim(String consumer, Collection<String> eventKeys) {
        String[] keys = new LinkedHashSet<>(eventKeys).toArray(String[]::new);
        Set<String> fresh = new HashSet<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            Array array = connection.createArrayOf("varchar", keys);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO processed_event (consumer, event_id) SELECT ?, unnest(?::varchar[])
                    ON CONFLICT DO NOTHING RETURNING event_id""")) {
                insert.setString(1, consumer);
                insert.setArray(2, array);
                try (ResultSet inserted = insert.executeQuery()) {
                    while (inserted.next()) {
                        fresh.add(inserted.getString(1));
                    }
                }
            } finally {
                array.free();
            }
        });
        return fresh;
    }

    /** Forgets that {@code consumer} processed {@code event}, so that replaying it applies it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(String consumer, CloudEvent event) {
        entityManager.createNativeQuery("DELETE FROM processed_event WHERE consumer = ?1 AND event_id = ?2")
                .setParameter(1, consumer).setParameter(2, event.key()).executeUpdate();
    }
}
