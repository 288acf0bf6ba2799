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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Remembers which events a consumer has processed, in the same transaction as the state change the event caused:
 * a redelivered event is seen as such and changes nothing. Events are told apart by {@link CloudEvent#key()}
 * (source and id), since two producers may both send an id "1".
 * <p>
 * A batch consumer {@linkplain #claim claims} all keys of its batch in one statement first; {@link #firstTime}
 * then answers from that claim within the transaction (an event twice in one batch is new only once), so the
 * consumer's own writes stay batched instead of being flushed before one insert per event.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager entityManager;

    @Inject
    BatchLookups lookups;

    /** True the first time {@code consumer} sees {@code event}; false for a redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String consumer, CloudEvent event) {
        return firstTimeFor(consumer, event.key());
    }

    /** As {@link #firstTime(String, CloudEvent)}, for a record identified otherwise (e.g. a dead letter's origin). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTimeFor(String consumer, String key) {
        Map<String, Boolean> claims = lookups.get(lookupKey(consumer));
        Boolean available = claims == null ? null : claims.get(key);
        if (available != null) {
            claims.put(key, false);
            return available;
        }
        return entityManager.createNativeQuery("""
                INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING""")
                .setParameter(1, consumer)
                .setParameter(2, key)
                .executeUpdate() == 1;
    }

    /**
     * Records all {@code events} as processed by {@code consumer} in this transaction, with one statement; the
     * following {@link #firstTime} calls for them in this transaction say which were new.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void claim(String consumer, Collection<CloudEvent> events) {
        claimKeys(consumer, events.stream().map(CloudEvent::key).toList());
    }

    /** As {@link #claim}, for events given by their keys ({@link io.trackline.events.Event#key()}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void claimKeys(String consumer, Collection<String> eventKeys) {
        String[] keys = new LinkedHashSet<>(eventKeys).toArray(String[]::new);
        Map<String, Boolean> claims = new HashMap<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            Array array = connection.createArrayOf("varchar", keys);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO processed_event (consumer, event_id) SELECT ?, unnest(?::varchar[])
                    ON CONFLICT DO NOTHING RETURNING event_id""")) {
                insert.setString(1, consumer);
                insert.setArray(2, array);
                try (ResultSet inserted = insert.executeQuery()) {
                    while (inserted.next()) {
                        claims.put(inserted.getString(1), true);
                    }
                }
            } finally {
                array.free();
            }
        });
        for (String key : keys) {
            claims.putIfAbsent(key, false);
        }
        lookups.keep(lookupKey(consumer), claims);
    }

    /** Forgets that {@code consumer} processed {@code event}, so that replaying it applies it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(String consumer, CloudEvent event) {
        entityManager.createNativeQuery("DELETE FROM processed_event WHERE consumer = ?1 AND event_id = ?2")
                .setParameter(1, consumer).setParameter(2, event.key()).executeUpdate();
    }

    private static String lookupKey(String consumer) {
        return "processed-events:" + consumer;
    }
}
