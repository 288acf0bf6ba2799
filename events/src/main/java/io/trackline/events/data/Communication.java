package io.trackline.events.data;

/**
 * Data of {@code CommunicationSent}, {@code CommunicationFailed} and {@code CommunicationSkipped} on the
 * communications topic: one message on one channel to one recipient, caused by the lifecycle event
 * {@code causeEventId}. {@code recipient} is masked (e.g. {@code a***@example.com}, {@code +3161****678}).
 * {@code status} is SENT, FAILED or SKIPPED (with the reason in {@code detail}, e.g. the customer opted out), and
 * later DELIVERED or UNDELIVERED when a provider reports back.
 */
public record Communication(
        String communicationId,
        String causeEventId,
        String causeEventType,
        String channel,
        String recipientKind,
        String recipient,
        String template,
        String language,
        String subject,
        String body,
        String status,
        String provider,
        String providerMessageId,
        int attempts,
        String detail) implements EventData {
}
