package io.trackline.notification.render;

import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * What a template can show. {@code kind} is the event type (or {@code FeedbackRequest}); dates are already
 * formatted in the message's language. Qute escapes every value in HTML templates.
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
        String unsubscribeUrl) {

    public boolean hasEstimatedDelivery() {
        return estimatedDelivery != null && !estimatedDelivery.isBlank();
    }
}
