package io.trackline.systemtests.checker;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The records no consumer may choke on: garbage bytes, a 2 MB record, an empty {@code ce_id} header, an unknown
 * type, a NUL character, a date a day ahead. Each goes under the key of one of six shipments of the burst.
 */
final class PoisonRecords {

    /** One poison record: its key, what kind of poison it is, its value and its headers. */
    record Poison(String key, String kind, byte[] value, Map<String, String> headers) {
    }

    private PoisonRecords() {
    }

    /**
     * @param keys six tracking numbers; {@code dispatched}, {@code inTransit} and {@code future} are valid events of
     *             the third, fifth and sixth, to be spoilt
     */
    static List<Poison> of(int seed, OffsetDateTime now, List<String> keys, CloudEvent dispatched,
            CloudEvent inTransit, CloudEvent future) {
        byte[] garbage = new byte[300];
        new Random(seed).nextBytes(garbage);
        byte[] huge = ("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"InTransit\","
                + "\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        CloudEvent unknown = new CloudEvent(UUID.randomUUID().toString(), Burst.SOURCE, "Teleported", keys.get(3), now,
                null, EventCodec.mapper().createObjectNode(), Map.of());
        String valid = EventCodec.toJson(inTransit);
        String nul = valid.replace("\"description\":\"InTransit\"", "\"description\":\"In\\u0000Transit\"");
        if (nul.equals(valid)) {
            throw new IllegalStateException("no description to put a NUL character in: " + valid);
        }
        return List.of(
                new Poison(keys.get(0), "garbage bytes", garbage, Map.of()),
                new Poison(keys.get(1), "2 MB record", huge, Map.of()),
                new Poison(keys.get(2), "empty ce_id header (binary mode)",
                        dispatched.data().toString().getBytes(StandardCharsets.UTF_8),
                        Map.of("ce_specversion", "1.0", "ce_id", "", "ce_type", "Dispatched", "ce_source", Burst.SOURCE,
                                "ce_subject", keys.get(2), "ce_time", now.toString(),
                                "content-type", "application/json")),
                new Poison(keys.get(3), "unknown type", utf8(EventCodec.toJson(unknown)), Map.of()),
                new Poison(keys.get(4), "NUL character", utf8(nul), Map.of()),
                new Poison(keys.get(5), "a date a day ahead", utf8(EventCodec.toJson(future)), Map.of()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
