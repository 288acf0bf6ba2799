package io.trackline.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Customer tracking links carry a token, an HMAC of the tracking number under a secret shared by
 * order-service (which makes links) and tracking-service (which checks them), so tracking numbers cannot be
 * enumerated on the public page.
 */
@ApplicationScoped
public class TrackingLinks {

    @ConfigProperty(name = "trackline.tracking.link-secret")
    String secret;

    @ConfigProperty(name = "trackline.tracking.public-base-url", defaultValue = "http://localhost:8082")
    String publicBaseUrl;

    public String token(String trackingNumber) {
        return HmacTokens.sign(secret, trackingNumber);
    }

    public boolean isValid(String trackingNumber, String token) {
        return HmacTokens.matches(secret, trackingNumber, token);
    }

    /** The link a customer follows to the public tracking page. */
    public String link(String trackingNumber) {
        return publicBaseUrl.replaceAll("/+$", "") + "/track/" + trackingNumber + "?t=" + token(trackingNumber);
    }
}
