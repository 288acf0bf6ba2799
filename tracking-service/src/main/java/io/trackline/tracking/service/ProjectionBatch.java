package io.trackline.tracking.service;

import io.trackline.platform.messaging.BatchLookups;
import io.trackline.tracking.PendingEvent;
import io.trackline.tracking.Shipment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a batch of lifecycle events needs from the projection, loaded with one query per table: the shipments of its
 * tracking numbers (null where none exists yet) and the events waiting for them. {@link ShipmentProjection} keeps
 * both current while the batch lasts.
 */
public record ProjectionBatch(Map<String, Shipment> shipments, Map<String, List<PendingEvent>> pending) {

    /** The shipment of a tracking number of this batch, or null when it has none yet. */
    public Shipment shipment(String trackingNumber) {
        return BatchLookups.ofBatch(shipments, trackingNumber);
    }

    void created(Shipment shipment) {
        shipments.put(shipment.trackingNumber, shipment);
    }

    /** The events that waited for this shipment; none wait any longer. */
    List<PendingEvent> releasePending(String trackingNumber) {
        List<PendingEvent> released = pending.put(trackingNumber, new ArrayList<>());
        return released == null ? List.of() : released;
    }

    void parked(PendingEvent event) {
        pending.computeIfAbsent(event.trackingNumber, tn -> new ArrayList<>()).add(event);
    }
}
