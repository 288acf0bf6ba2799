package io.trackline.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Customer tracking links carry a token, an HMAC of the tracking number under a secret shared by
 * order-service (which makes links) and tracking-service (which checks them), so tracking numbers cannot be
 * enumerated on the public page.
 */
@ApplicationScoped
public class TrackingLinks {

    private static final int TOKEN_BYTES = 16;

    @ConfigProperty(name = "trackline.tracking.link-secret")
    String secret;

    @ConfigProperty(name = "trackline.tracking.public-base-url", defaultValue = "http://localhost:8082")
    String publicBaseUrl;

    public String token(String trackingNumber) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(trackingNumber));
    }

    public boolean isValid(String trackingNumber, String token) {
        if (trackingNumber == null || token == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(trackingNumber), given);
    }

    /** The link a customer follows to the public tracking page. */
    public String link(String trackingNumber) {
        return publicBaseUrl.replaceAll("/+$", "") + "/track/" + trackingNumber + "?t=" + token(trackingNumber);
    }

    private byte[] mac(String trackingNumber) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(trackingNumber.getBytes(StandardCharsets.UTF_8)), TOKEN_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
