package io.trackline.exception.service;

import io.trackline.exception.ExceptionCase;
import io.trackline.platform.messaging.BatchLookups;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open cases of a batch's shipments, loaded with one query and kept current for the batch's transaction
 * (cases opened in it join, resolved ones drop out); outside a batch, one query for the shipment.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class OpenCases {

    private static final String OPEN_CASES = "exception.open-cases";
    private static final String PREFETCH_OPEN = """
            SELECT * FROM exception_case WHERE tracking_number = ANY(CAST(?1 AS char(13)[])) AND status <> 'RESOLVED'
            ORDER BY opened_at""";

    @Inject
    EntityManager entityManager;

    @Inject
    BatchLookups lookups;

    /** Loads the open cases of these shipments for the rest of this transaction. */
    public void prefetch(List<String> trackingNumbers) {
        Map<String, List<ExceptionCase>> open = new HashMap<>();
        trackingNumbers.forEach(tn -> open.put(tn, new ArrayList<>()));
        @SuppressWarnings("unchecked")
        List<ExceptionCase> found = entityManager.createNativeQuery(PREFETCH_OPEN, ExceptionCase.class)
                .setParameter(1, trackingNumbers.toArray(String[]::new)).getResultList();
        found.forEach(c -> open.computeIfAbsent(c.trackingNumber, tn -> new ArrayList<>()).add(c));
        lookups.keep(OPEN_CASES, open);
    }

    /** The shipment's open cases, oldest first. */
    List<ExceptionCase> of(String trackingNumber) {
        Map<String, List<ExceptionCase>> open = lookups.get(OPEN_CASES);
        if (open == null || !open.containsKey(trackingNumber)) {
            return ExceptionCase.openFor(trackingNumber);
        }
        return open.get(trackingNumber).stream().filter(ExceptionCase::isOpen)
                .sorted(Comparator.comparing(c -> c.openedAt)).toList();
    }

    /** A case opened in this transaction joins its shipment's open cases. */
    void remember(ExceptionCase opened) {
        Map<String, List<ExceptionCase>> open = lookups.get(OPEN_CASES);
        if (open != null && open.containsKey(opened.trackingNumber)) {
            open.get(opened.trackingNumber).add(opened);
        }
    }
}
