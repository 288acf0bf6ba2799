package io.trackline.testing;

import io.smallrye.jwt.build.Jwt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

/**
 * Bearer tokens for tests, signed with an RSA key pair made for this test JVM. The services verify them with
 * the public key written to {@link #publicKeyLocation()}, exactly as they verify the local stack's tokens.
 */
public final class TestTokens {

    public static final String ISSUER = "https://trackline.io";

    private static final KeyPair KEYS = generate();
    private static final Path PUBLIC_KEY = writePublicKey();

    private TestTokens() {
    }

    /** {@code Bearer <jwt>} for a user with one role. */
    public static String bearer(String role) {
        return "Bearer " + token("test-" + role, Set.of(role), ISSUER);
    }

    public static String token(String user, Set<String> roles, String issuer) {
        return Jwt.issuer(issuer).upn(user).groups(roles).expiresIn(3600).sign(KEYS.getPrivate());
    }

    /** A token signed by a key the services do not know. */
    public static String bearerSignedByStranger(String role) {
        return "Bearer " + Jwt.issuer(ISSUER).upn("mallory").groups(Set.of(role)).expiresIn(3600)
                .sign(generate().getPrivate());
    }

    /** The public key as PEM text, for {@code mp.jwt.verify.publickey}. */
    public static String publicKeyPem() {
        try {
            return Files.readString(PUBLIC_KEY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String publicKeyLocation() {
        return PUBLIC_KEY.toAbsolutePath().toString();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePublicKey() {
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        try {
            Path file = Files.createTempFile("trackline-test-jwt", ".pem");
            Files.writeString(file, pem);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
