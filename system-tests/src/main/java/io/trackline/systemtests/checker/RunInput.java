package io.trackline.systemtests.checker;

import java.util.List;

/**
 * What went into one run: the accepted events with their origin, each shipment's recipient, the poison records, and
 * whether the feedback request after {@code Delivered} is on.
 */
public record RunInput(String fault, List<PublishedEvent> events, List<Recipient> recipients,
        List<PoisonRecord> poison, boolean feedbackRequest) {
}
