package io.trackline.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HexFormat;

/**
 * The links of an audit chain: {@code hash = SHA-256(prev_hash + canonical fields + payload)}, hex encoded.
 * Canonical means every field is written length-prefixed (and null distinctly from empty), so no two different
 * rows can encode to the same bytes. Each month's chain starts from a genesis hash of its own, so a chain cannot
 * be passed off as another month's.
 */
public final class ChainHash {

    /** Changes whenever the encoding does; part of every hash. */
    static final String FORMAT = "trackline-audit-chain/v1";

    private ChainHash() {
    }

    public static String genesis(YearMonth month) {
        MessageDigest digest = sha256();
        digest.update((FORMAT + ":genesis:" + month).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String of(String prevHash, ChainedRow row) {
        MessageDigest digest = sha256();
        field(digest, FORMAT);
        field(digest, prevHash);
        field(digest, Long.toString(row.id()));
        field(digest, Long.toString(row.chainSeq()));
        field(digest, micros(row.recordedAt()));
        field(digest, micros(row.eventTime()));
        field(digest, row.eventId());
        field(digest, row.kind());
        field(digest, row.type());
        field(digest, row.trackingNumber());
        field(digest, row.orderId());
        field(digest, row.source());
        field(digest, row.kafkaTopic());
        field(digest, Integer.toString(row.kafkaPartition()));
        field(digest, Long.toString(row.kafkaOffset()));
        field(digest, row.reason());
        field(digest, row.headers());
        field(digest, row.payload());
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void field(MessageDigest digest, String value) {
        if (value == null) {
            digest.update((byte) 'N');
            digest.update((byte) ';');
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(("S" + bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        digest.update(bytes);
        digest.update((byte) ';');
    }

    private static String micros(Instant instant) {
        return instant == null ? null
                : Long.toString(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                        instant.getNano() / 1_000));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
