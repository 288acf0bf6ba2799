package io.trackline.notification.render;

import io.trackline.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Signs the links this service hands out without login: the unsubscribe link in every email and the SMS
 * provider's status callback. An HMAC under {@code trackline.notification.link-secret}, like TrackingLinks.
 */
@ApplicationScoped
public class LinkSigner {

    @Inject
    NotificationConfig config;

    public String unsubscribeLink(String customer, String channel) {
        return base() + "/unsubscribe?c=" + URLEncoder.encode(customer, StandardCharsets.UTF_8) + "&ch=" + channel
                + "&t=" + sign("unsubscribe|" + customer + "|" + channel);
    }

    public boolean isValidUnsubscribe(String customer, String channel, String token) {
        return customer != null && channel != null && matches("unsubscribe|" + customer + "|" + channel, token);
    }

    public String smsStatusCallback(String notificationId) {
        return base() + "/api/v1/sms/status?n=" + notificationId + "&t=" + sign("sms-status|" + notificationId);
    }

    public boolean isValidSmsStatus(String notificationId, String token) {
        return notificationId != null && matches("sms-status|" + notificationId, token);
    }

    private String base() {
        return config.publicBaseUrl().replaceAll("/+$", "");
    }

    String sign(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(value));
    }

    private boolean matches(String value, String token) {
        if (token == null) {
            return false;
        }
        try {
            return MessageDigest.isEqual(mac(value), Base64.getUrlDecoder().decode(token));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] mac(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(config.linkSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
