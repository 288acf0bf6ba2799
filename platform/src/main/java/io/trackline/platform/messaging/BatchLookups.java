package io.trackline.platform.messaging;

import io.trackline.events.CloudEvent;
import io.trackline.events.Event;
import io.trackline.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a batch consumer loaded up front for the batch of its transaction (see {@link EventBatches}'s
 * {@code prepare}), so that the work per event finds it without a query. A query per event costs a round trip,
 * and before each one Hibernate checks every entity of the batch for changes: the batch's cost grew with the square
 * of its size. The maps live as long as the transaction; the work keeps them current (an entity it creates goes in).
 */
@ApplicationScoped
public class BatchLookups {

    @Inject
    EntityManager entityManager;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /**
     * Loads the rows of {@code table} (mapped by {@code type}, keyed by its {@code char(13)} column
     * {@code tracking_number}) for these tracking numbers with one query, and keeps them for this transaction as
     * {@code name}: every number asked for is a key, with null when it has no row. The numbers go as one array
     * parameter cast to the column's type: a list of text parameters would keep PostgreSQL from using the key.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <E> Map<String, E> loadByTrackingNumber(String name, Class<E> type, String table,
            Collection<String> trackingNumbers, Function<E, String> trackingNumber) {
        Map<String, E> loaded = new HashMap<>();
        trackingNumbers.forEach(tn -> loaded.put(tn, null));
        if (!loaded.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<E> rows = entityManager.createNativeQuery(
                    "SELECT * FROM " + table + " WHERE tracking_number = ANY(CAST(?1 AS char(13)[]))", type)
                    .setParameter(1, loaded.keySet().toArray(String[]::new)).getResultList();
            rows.forEach(row -> loaded.put(trackingNumber.apply(row), row));
        }
        keep(name, loaded);
        return loaded;
    }

    /** The distinct tracking numbers (subjects) of the events of a known type that {@code concerns}. */
    public static List<String> trackingNumbers(List<CloudEvent> events, Predicate<EventType> concerns) {
        return events.stream().filter(e -> EventType.fromTypeName(e.type()).filter(concerns).isPresent())
                .map(CloudEvent::subject).filter(Objects::nonNull).distinct().toList();
    }

    /** The distinct tracking numbers (subjects) of {@code events}. */
    public static List<String> trackingNumbersOf(List<Event<?>> events) {
        return events.stream().map(Event::subject).filter(Objects::nonNull).distinct().toList();
    }

    /** Keeps {@code value} as {@code name} for the rest of this transaction. */
    public void keep(String name, Object value) {
        transaction.putResource(key(name), value);
    }

    /** What was kept as {@code name} in this transaction, or null outside a batch. */
    @SuppressWarnings("unchecked")
    public <T> T get(String name) {
        return (T) transaction.getResource(key(name));
    }

    private static String key(String name) {
        return BatchLookups.class.getName() + ":" + name;
    }
}
