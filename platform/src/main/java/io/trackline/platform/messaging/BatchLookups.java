package io.trackline.platform.messaging;

import io.trackline.events.Event;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Loads what a batch consumer's context needs (see {@link EventIntake#prepare}) with one query per table, so that
 * the work per event finds it without one. A query per event costs a round trip, and before each one Hibernate
 * checks every entity of the batch for changes: the batch's cost grew with the square of its size.
 */
@ApplicationScoped
public class BatchLookups {

    @Inject
    EntityManager entityManager;

    /**
     * The rows of {@code table} (mapped by {@code type}, keyed by its {@code char(13)} column
     * {@code tracking_number}) for these tracking numbers, with one query: every number asked for is a key, with
     * null when it has no row. The numbers go as one array parameter cast to the column's type: a list of text
     * parameters would keep PostgreSQL from using the key.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <E> Map<String, E> byTrackingNumber(Class<E> type, String table, Collection<String> trackingNumbers,
            Function<E, String> trackingNumber) {
        Map<String, E> loaded = new HashMap<>();
        trackingNumbers.forEach(tn -> loaded.put(tn, null));
        if (!loaded.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<E> rows = entityManager.createNativeQuery(
                    "SELECT * FROM " + table + " WHERE tracking_number = ANY(CAST(?1 AS char(13)[]))", type)
                    .setParameter(1, loaded.keySet().toArray(String[]::new)).getResultList();
            rows.forEach(row -> loaded.put(trackingNumber.apply(row), row));
        }
        return loaded;
    }

    /**
     * The value {@link #byTrackingNumber} loaded for {@code trackingNumber} (null for no row); a number that is not
     * of the batch is a defect of the consumer, not a reason to query.
     */
    public static <V> V ofBatch(Map<String, V> loaded, String trackingNumber) {
        if (!loaded.containsKey(trackingNumber)) {
            throw new IllegalStateException("not a tracking number of this batch: " + trackingNumber);
        }
        return loaded.get(trackingNumber);
    }

    /**
     * {@code rows} (several per tracking number, e.g. a shipment's waiting events) by tracking number: every number
     * of {@code trackingNumbers} is a key, with an empty, modifiable list when it has no row.
     */
    public static <E> Map<String, List<E>> grouped(Collection<String> trackingNumbers, List<E> rows,
            Function<E, String> trackingNumber) {
        Map<String, List<E>> grouped = new HashMap<>();
        trackingNumbers.forEach(tn -> grouped.put(tn, new ArrayList<>()));
        rows.forEach(row -> grouped.computeIfAbsent(trackingNumber.apply(row), tn -> new ArrayList<>()).add(row));
        return grouped;
    }

    /** The distinct tracking numbers (subjects) of {@code events}. */
    public static List<String> trackingNumbersOf(List<Event<?>> events) {
        return events.stream().map(Event::subject).filter(Objects::nonNull).distinct().toList();
    }
}
