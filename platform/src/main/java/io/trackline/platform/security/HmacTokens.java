package io.trackline.platform.security;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * Tokens for links that work without login (tracking pages, unsubscribe, provider callbacks): an HMAC-SHA256 of the
 * value under a secret, cut to 16 bytes, base64url (22 characters), checked in constant time.
 */
public final class HmacTokens {

    private static final int TOKEN_BYTES = 16;

    private HmacTokens() {
    }

    public static String sign(String secret, String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(secret, value));
    }

    public static boolean matches(String secret, String value, String token) {
        if (value == null || token == null) {
            return false;
        }
        try {
            return MessageDigest.isEqual(mac(secret, value), Base64.getUrlDecoder().decode(token));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] mac(String secret, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), TOKEN_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
