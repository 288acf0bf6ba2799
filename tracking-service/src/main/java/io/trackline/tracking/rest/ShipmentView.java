package io.trackline.tracking.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.EventCodec;
import io.trackline.tracking.Shipment;
import io.trackline.tracking.ShipmentEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A shipment as ops see it: current state and full timeline. */
public record ShipmentView(
        String trackingNumber,
        String orderId,
        String serviceLevel,
        String status,
        Instant statusAt,
        LocalDate estimatedDelivery,
        LocalDate promisedDelivery,
        String destinationCity,
        String destinationCountry,
        String lastLocation,
        OpenException exception,
        Instant updatedAt,
        List<TimelineEntry> timeline) {

    public record OpenException(String reason, Instant since) {
    }

    public record TimelineEntry(String eventId, String type, Instant occurredAt, Instant recordedAt, String source,
            JsonNode data) {
    }

    public static ShipmentView of(Shipment s, List<ShipmentEvent> events) {
        return new ShipmentView(s.trackingNumber, s.orderId, s.serviceLevel, s.status.name(), s.statusAt,
                s.estimatedDelivery, s.promisedDelivery, s.destinationCity, s.destinationCountry, s.lastLocation,
                s.openExceptionReason == null ? null : new OpenException(s.openExceptionReason, s.openExceptionSince),
                s.updatedAt, events.stream().map(ShipmentView::entry).toList());
    }

    private static TimelineEntry entry(ShipmentEvent e) {
        try {
            return new TimelineEntry(e.eventId, e.type, e.occurredAt, e.recordedAt, e.source,
                    EventCodec.mapper().readTree(e.data));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("stored event data is not JSON", ex);
        }
    }
}
