package io.trackline.notification.render;

import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * What a template can show. {@code kind} is the event type (or {@code FeedbackRequest}); dates are already
 * formatted in the message's language. {@code dateRevised}: this event itself brought the estimated delivery date
 * (a revised date in an exception, an {@code EtaUpdated}, a carrier's new estimate); otherwise the date shown is the
 * one known before. Qute escapes every value in HTML templates.
 */
@TemplateData
public record MessageModel(
        String kind,
        String language,
        String name,
        String trackingNumber,
        String orderId,
        String trackingUrl,
        String estimatedDelivery,
        String reason,
        String description,
        List<String> resolutionSteps,
        String location,
        String unsubscribeUrl,
        boolean dateRevised) {

    public boolean hasEstimatedDelivery() {
        return estimatedDelivery != null && !estimatedDelivery.isBlank();
    }
}
