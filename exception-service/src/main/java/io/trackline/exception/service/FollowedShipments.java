package io.trackline.exception.service;

import io.trackline.exception.ExceptionCase;
import io.trackline.exception.ShipmentWatch;
import io.trackline.platform.messaging.BatchLookups;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a batch of lifecycle events needs from exception-service, loaded with one query per table: the watches of its
 * shipments (null where none exists yet) and their open cases. {@link LifecycleFollower} keeps both current while
 * the batch lasts: a watch created joins, a case opened joins, a case resolved drops out.
 */
public record FollowedShipments(Map<String, ShipmentWatch> watches, Map<String, List<ExceptionCase>> openCases) {

    /** The watch of a shipment of this batch, or null when it has none yet. */
    public ShipmentWatch watch(String trackingNumber) {
        return BatchLookups.ofBatch(watches, trackingNumber);
    }

    void watchCreated(ShipmentWatch watch) {
        watches.put(watch.trackingNumber, watch);
    }

    /** The shipment's open cases, oldest first. */
    public List<ExceptionCase> openCases(String trackingNumber) {
        return openCases.getOrDefault(trackingNumber, List.of()).stream().filter(ExceptionCase::isOpen)
                .sorted(Comparator.comparing(c -> c.openedAt)).toList();
    }

    void caseOpened(ExceptionCase opened) {
        openCases.computeIfAbsent(opened.trackingNumber, tn -> new ArrayList<>()).add(opened);
    }
}
