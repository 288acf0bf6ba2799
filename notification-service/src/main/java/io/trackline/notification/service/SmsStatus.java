package io.trackline.notification.service;

import java.util.Locale;
import java.util.Map;

/**
 * Provider statuses of an SMS in their order (Twilio's names): a status only ever moves forward, so a late or
 * repeated callback changes nothing. delivered, undelivered and failed are final.
 */
public final class SmsStatus {

    private static final Map<String, Integer> RANK = Map.of(
            "accepted", 1, "scheduled", 1, "queued", 2, "sending", 3, "sent", 4,
            "delivered", 5, "undelivered", 5, "failed", 5);

    private SmsStatus() {
    }

    public static boolean isKnown(String status) {
        return status != null && RANK.containsKey(status.toLowerCase(Locale.ROOT));
    }

    /** The further of two statuses; the current one when both are equally far (first final status wins). */
    public static String higher(String current, String reported) {
        if (reported == null || !isKnown(reported)) {
            return current;
        }
        String normalised = reported.toLowerCase(Locale.ROOT);
        if (current == null || RANK.get(normalised) > RANK.getOrDefault(current, 0)) {
            return normalised;
        }
        return current;
    }

    /** DELIVERED or UNDELIVERED for a final provider status, null otherwise. */
    public static String finalStatus(String providerStatus) {
        if (providerStatus == null) {
            return null;
        }
        return switch (providerStatus) {
            case "delivered" -> "DELIVERED";
            case "undelivered", "failed" -> "UNDELIVERED";
            default -> null;
        };
    }
}
