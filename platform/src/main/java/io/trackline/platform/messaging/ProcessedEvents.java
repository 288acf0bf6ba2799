package io.trackline.platform.messaging;

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
 * Remembers which event ids a consumer has processed, in the same transaction as the state change the event
 * caused: a redelivered event is seen as such and changes nothing.
 * <p>
 * A batch consumer {@linkplain #claim claims} all ids of its batch in one statement first; {@link #firstTime}
 * then answers from that claim within the transaction (an id twice in one batch is new only once), so the
 * consumer's own writes stay batched instead of being flushed before one insert per event.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    EntityManager entityManager;

    @Inject
    BatchLookups lookups;

    /** True the first time {@code consumer} sees {@code eventId}; false for a redelivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String consumer, String eventId) {
        Map<String, Boolean> claims = lookups.get(key(consumer));
        Boolean available = claims == null ? null : claims.get(eventId);
        if (available != null) {
            claims.put(eventId, false);
            return available;
        }
        return entityManager.createNativeQuery("""
                INSERT INTO processed_event (consumer, event_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING""")
                .setParameter(1, consumer)
                .setParameter(2, eventId)
                .executeUpdate() == 1;
    }

    /**
     * Records all {@code eventIds} as processed by {@code consumer} in this transaction, with one statement; the
     * following {@link #firstTime} calls for them in this transaction say which were new.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void claim(String consumer, Collection<String> eventIds) {
        String[] ids = new LinkedHashSet<>(eventIds).toArray(String[]::new);
        Map<String, Boolean> claims = new HashMap<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            Array array = connection.createArrayOf("varchar", ids);
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
        for (String id : ids) {
            claims.putIfAbsent(id, false);
        }
        lookups.keep(key(consumer), claims);
    }

    private static String key(String consumer) {
        return "processed-events:" + consumer;
    }
}
