package io.trackline.tracking.service;

import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.Milestone;
import io.trackline.platform.outbox.Outbox;
import io.trackline.platform.problem.ProblemException;
import io.trackline.tracking.ProofOfDelivery;
import io.trackline.tracking.Shipment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Stores a proof of delivery and publishes the {@code Delivered} event that references it, in one transaction
 * (outbox), so there is never a proof without its event or an event pointing at nothing.
 */
@ApplicationScoped
@Transactional
public class ProofsOfDelivery {

    public static final String EVENT_SOURCE = "/trackline/tracking-service/proof-of-delivery";

    /** An image as received: its bytes and content type (image/png or image/jpeg, checked by content). */
    public record Image(byte[] bytes, String contentType) {
    }

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    public ProofOfDelivery capture(String trackingNumber, String recipientName, Instant deliveredAt, Double latitude,
            Double longitude, Image signature, Image photo, String recordedBy) {
        Shipment shipment = Shipment.find(trackingNumber)
                .orElseThrow(() -> ProblemException.notFound("no shipment " + trackingNumber));
        ProofOfDelivery proof = new ProofOfDelivery();
        proof.id = UUID.randomUUID();
        proof.trackingNumber = trackingNumber;
        proof.recipientName = recipientName;
        proof.deliveredAt = deliveredAt.truncatedTo(ChronoUnit.MICROS);
        proof.latitude = latitude;
        proof.longitude = longitude;
        if (signature != null) {
            proof.signature = signature.bytes();
            proof.signatureType = signature.contentType();
        }
        if (photo != null) {
            proof.photo = photo.bytes();
            proof.photoType = photo.contentType();
        }
        proof.recordedBy = recordedBy;
        proof.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        proof.persist();
        Milestone delivered = new Milestone(null, null, null, null, null, proof.id.toString(), recipientName,
                recordedBy);
        outbox.add(Topics.SHIPMENT_LIFECYCLE, "Shipment", Events.create(EventType.DELIVERED, EVENT_SOURCE,
                trackingNumber, proof.deliveredAt.atOffset(ZoneOffset.UTC), delivered,
                shipment.orderId == null ? Map.of() : Map.of("orderid", shipment.orderId)));
        return proof;
    }
}
