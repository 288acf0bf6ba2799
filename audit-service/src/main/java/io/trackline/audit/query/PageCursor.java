package io.trackline.audit.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where the next page of a newest-first listing starts: just below the last record shown, by (recorded_at, id).
 * A keyset, not an offset, so records arriving meanwhile shift nothing. Opaque to clients.
 */
public record PageCursor(Instant recordedAt, long id) {

    private static final String VERSION = "c1";

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(recordedAt.getEpochSecond(), 1_000_000L),
                recordedAt.getNano() / 1_000);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + ":" + micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** Throws {@link IllegalArgumentException} when {@code text} is no cursor of ours. */
    public static PageCursor decode(String text) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor");
        }
        String[] parts = decoded.split(":");
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("not a cursor");
        }
        try {
            long micros = Long.parseLong(parts[1]);
            return new PageCursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L), Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a cursor");
        }
    }
}
