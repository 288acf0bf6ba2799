package io.trackline.tracking.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.EventCodec;
import io.trackline.tracking.Shipment;
import io.trackline.tracking.ShipmentEta;
import io.trackline.tracking.ShipmentEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A shipment as ops see it: current state, open exception, estimate history and full timeline. */
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
        Delivery delivery,
        Instant updatedAt,
        List<EtaChange> etaHistory,
        List<TimelineEntry> timeline) {

    public record OpenException(String eventId, String reason, String description, JsonNode resolutionSteps,
            Instant since) {
    }

    public record Delivery(Instant deliveredAt, String recipientName, UUID proofOfDeliveryId) {
    }

    public record EtaChange(LocalDate estimatedDelivery, String eventType, String eventId, Instant changedAt) {
    }

    public record TimelineEntry(String eventId, String type, Instant occurredAt, Instant recordedAt, String source,
            JsonNode data) {
    }

    public static ShipmentView of(Shipment s, List<ShipmentEvent> events, List<ShipmentEta> etas) {
        return new ShipmentView(s.trackingNumber, s.orderId, s.serviceLevel, s.status.name(), s.statusAt,
                s.estimatedDelivery, s.promisedDelivery, s.destinationCity, s.destinationCountry, s.lastLocation,
                s.openExceptionReason == null ? null : new OpenException(s.openExceptionEventId,
                        s.openExceptionReason, s.openExceptionDescription, json(s.openExceptionSteps),
                        s.openExceptionSince),
                s.deliveredAt == null ? null : new Delivery(s.deliveredAt, s.recipientName, s.proofOfDeliveryId),
                s.updatedAt,
                etas.stream().map(e -> new EtaChange(e.estimatedDelivery, e.eventType, e.eventId, e.changedAt))
                        .toList(),
                events.stream().map(e -> new TimelineEntry(e.eventId, e.type, e.occurredAt, e.recordedAt, e.source,
                        json(e.data))).toList());
    }

    /** Stored JSON text as a tree (null stays null). */
    public static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return EventCodec.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not JSON", e);
        }
    }
}
