package io.trackline.devsinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fault a sink can be told to have over {@code /api/faults} (PUT sets it, GET shows it, DELETE clears it), like
 * a real provider's outage or slowness. With {@code "forMillis": n} it clears by itself after n ms.
 *
 * @param <F> which fault and its parameters; {@link #normal} is "no fault"
 */
abstract class Faults<F> {

    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private final ScheduledExecutorService scheduler;
    private final F normal;
    private volatile F fault; // read without the lock by the sinks' request threads
    private Instant until;
    private ScheduledFuture<?> clearing;
    private long generation; // a clearing timer only clears the fault it was set with

    Faults(ScheduledExecutorService scheduler, F normal) {
        this.scheduler = scheduler;
        this.normal = normal;
        this.fault = normal;
    }

    /** The fault from a PUT body; IllegalArgumentException for a bad one (answered 400). */
    abstract F parse(JsonNode body);

    /** Makes the sink behave as {@code fault} says (e.g. stop listening); called on every change. */
    abstract void apply(F fault, boolean newlySet);

    /** The GET answer. */
    abstract Map<String, Object> describe(F fault, Instant until);

    F fault() {
        return fault;
    }

    synchronized Map<String, Object> describe() {
        return describe(fault, until);
    }

    /** Sets {@code fault}; with {@code forMillis} it is cleared (back to normal) that many ms later. */
    synchronized void set(F next, Long forMillis) {
        apply(next, true);
        replace(next, forMillis == null ? null : Instant.now().plusMillis(forMillis));
        if (forMillis != null) {
            long expected = generation;
            clearing = scheduler.schedule(() -> expire(expected), forMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Back to normal; counters, if any, keep their values until the next PUT. */
    synchronized void clear() {
        apply(normal, false);
        replace(normal, null);
    }

    private void replace(F next, Instant nextUntil) {
        if (clearing != null) {
            clearing.cancel(false);
            clearing = null;
        }
        generation++;
        fault = next;
        until = nextUntil;
    }

    private synchronized void expire(long expected) {
        if (generation == expected) { // not replaced by a later PUT or DELETE meanwhile
            try {
                clear();
                LOG.info("fault cleared after its forMillis");
            } catch (RuntimeException e) {
                LOG.error("could not clear the fault", e);
            }
        }
    }

    /** {@code /api/faults}. */
    void handle(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET" -> Web.json(ex, 200, describe());
            case "PUT" -> {
                F next;
                Long forMillis;
                try {
                    JsonNode body = Web.JSON.readTree(ex.getRequestBody());
                    if (body == null || !body.isObject()) {
                        throw new IllegalArgumentException("expected a JSON object");
                    }
                    next = parse(body);
                    forMillis = body.hasNonNull("forMillis") ? positive(body, "forMillis") : null;
                } catch (IOException | IllegalArgumentException e) {
                    Web.json(ex, 400, Map.of("message", String.valueOf(e.getMessage())));
                    return;
                }
                try {
                    set(next, forMillis);
                } catch (RuntimeException e) {
                    Web.json(ex, 500, Map.of("message", String.valueOf(e.getMessage())));
                    return;
                }
                LOG.info("fault set: {}", describe());
                Web.json(ex, 200, describe());
            }
            case "DELETE" -> {
                clear();
                LOG.info("fault cleared");
                Web.noContent(ex);
            }
            default -> Web.json(ex, 405, Map.of("message", "GET, PUT or DELETE"));
        }
    }

    static <E extends Enum<E>> E mode(JsonNode body, String field, Class<E> type) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" is required, one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
        try {
            return Enum.valueOf(type, value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + field + "\" must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    static long positive(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() <= 0) {
            throw new IllegalArgumentException("\"" + field + "\" must be a positive number");
        }
        return value.asLong();
    }
}
