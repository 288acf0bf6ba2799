package io.trackline.tracking.rest;

import java.util.List;

/**
 * A milestone or exception as a carrier's webhook or the logistics team posts it. {@code id} is optional: a
 * caller that sets it can retry safely (the same id is the same event). {@code trackingNumber} is only read in
 * batches. For {@code ExceptionRaised}, {@code reason} is required and {@code estimatedDelivery} is the revised
 * estimate.
 */
public record MilestoneUpdate(
        String id,
        String trackingNumber,
        String type,
        String occurredAt,
        LocationDto location,
        String carrier,
        String carrierStatusCode,
        String description,
        String estimatedDelivery,
        String recipientName,
        String proofOfDeliveryId,
        String reason,
        List<String> resolutionSteps) {

    public record LocationDto(String facility, String city, String country, Double latitude, Double longitude) {
    }
}
