package io.trackline.notification.render;

import io.trackline.notification.config.NotificationConfig;
import io.trackline.platform.security.HmacTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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
        return HmacTokens.sign(config.linkSecret(), value);
    }

    private boolean matches(String value, String token) {
        return HmacTokens.matches(config.linkSecret(), value, token);
    }
}
