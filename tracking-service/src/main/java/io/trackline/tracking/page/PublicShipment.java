package io.trackline.tracking.page;

import java.util.List;

/**
 * What the public tracking page shows, already in the customer's language and time zone. Carries no street
 * address, phone or email: only what a carrier's own page shows.
 */
public record PublicShipment(
        String trackingNumber,
        String language,
        String status,
        String statusLabel,
        List<Step> steps,
        String estimatedDelivery,
        String previousEstimate,
        String destination,
        String lastLocation,
        Problem problem,
        Delivery delivery,
        List<Entry> timeline,
        boolean feedbackOpen) {

    public record Step(String label, boolean done, boolean current) {
    }

    public record Problem(String title, String description, List<String> steps, String since) {
    }

    public record Delivery(String at, String receivedBy, boolean proofOnFile) {
    }

    public record Entry(String label, String time, String place, String description) {
    }
}
