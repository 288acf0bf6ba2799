package io.trackline.events.data;

import java.time.LocalDate;

/**
 * Data of the milestone events {@code Dispatched}, {@code InTransit}, {@code OutForDelivery} and {@code Delivered}.
 * {@code estimatedDelivery} is a carrier-revised estimate, if the carrier gave one. {@code proofOfDeliveryId} and
 * {@code recipientName} are only set on {@code Delivered}. {@code recordedBy} names the person of a manual update.
 */
public record Milestone(
        Location location,
        String carrier,
        String carrierStatusCode,
        String description,
        LocalDate estimatedDelivery,
        String proofOfDeliveryId,
        String recipientName,
        String recordedBy) implements EventData {
}
