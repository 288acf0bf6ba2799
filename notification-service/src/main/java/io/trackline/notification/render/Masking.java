package io.trackline.notification.render;

import java.net.URI;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Recipients as records and APIs show them: enough to recognise, not enough to contact. */
public final class Masking {

    private Masking() {
    }

    public static String recipient(String channel, String recipient) {
        if (recipient == null || recipient.isEmpty()) {
            return recipient;
        }
        return switch (channel) {
            case "EMAIL" -> Arrays.stream(recipient.split(",")).map(Masking::email).collect(Collectors.joining(","));
            case "SMS", "PHONE" -> phone(recipient);
            case "INTERNAL_WEBHOOK" -> webhook(recipient);
            default -> recipient;
        };
    }

    /** {@code ada@example.com} becomes {@code a***@example.com}. */
    public static String email(String email) {
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** {@code +31612345678} becomes {@code +3161****678}. */
    public static String phone(String phone) {
        if (phone.length() <= 8) {
            return "*".repeat(phone.length());
        }
        return phone.substring(0, 5) + "*".repeat(phone.length() - 8) + phone.substring(phone.length() - 3);
    }

    /** Only scheme and host: webhook paths are secrets. */
    public static String webhook(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + "/***";
        } catch (IllegalArgumentException e) {
            return "***";
        }
    }
}
