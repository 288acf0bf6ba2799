package io.trackline.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples publish → visible: polls a shipment's status in tracking-service's API until it shows the sampled event,
 * on a small shared scheduler: every 10 ms for the first 250 ms, then every 50 ms, after a second every 250 ms.
 * The probes are few (one event per interval, not a share of the rate), so that measuring does not load the
 * service measured.
 */
final class StatusProbes implements AutoCloseable {

    static final long PATIENCE_MS = 30_000;
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http;
    private final String trackingUrl;
    private final String token;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger missed = new AtomicInteger();
    private final Latencies visible = new Latencies();

    StatusProbes(HttpClient http, String trackingUrl, String token) {
        this.http = http;
        this.trackingUrl = trackingUrl;
        this.token = token;
    }

    /** Starts following shipment {@code trackingNumber} until it shows the status after {@code step}. */
    void probe(String trackingNumber, int step, long publishedAt) {
        new Probe(trackingNumber, step, publishedAt).poll();
    }

    /** Waits until every probe saw its status or gave up. */
    void awaitAll() throws InterruptedException {
        long due = System.currentTimeMillis() + PATIENCE_MS + 5_000;
        while (visible.count() + missed.get() < started.get() && System.currentTimeMillis() < due) {
            Thread.sleep(100);
        }
    }

    Latencies visible() {
        return visible;
    }

    int missed() {
        return missed.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    private static boolean laterThan(String status, String expected) {
        return Lifecycle.STATUS_AFTER.indexOf(status) > Lifecycle.STATUS_AFTER.indexOf(expected);
    }

    /** One sampled event. */
    private final class Probe {
        private final HttpRequest request;
        private final String expected;
        private final long publishedAt;

        Probe(String trackingNumber, int step, long publishedAt) {
            this.request = HttpRequest.newBuilder(URI.create(trackingUrl + "/api/v1/shipments/" + trackingNumber))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
            this.expected = Lifecycle.STATUS_AFTER.get(step);
            this.publishedAt = publishedAt;
            started.incrementAndGet();
        }

        void poll() {
            scheduler.schedule(this::check, 10, TimeUnit.MILLISECONDS);
        }

        private void check() {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    Matcher m = STATUS.matcher(response.body());
                    if (m.find() && (m.group(1).equals(expected) || laterThan(m.group(1), expected))) {
                        visible.add(System.currentTimeMillis() - publishedAt);
                        return;
                    }
                } else if (response.statusCode() == 401 || response.statusCode() == 403) {
                    System.err.println("tracking-service refused the token: " + response.statusCode());
                    missed.incrementAndGet();
                    return;
                }
            } catch (IOException e) {
                if (System.getenv("LOADGEN_DEBUG") != null) {
                    System.err.println("probe " + request.uri() + ": " + e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long waited = System.currentTimeMillis() - publishedAt;
            if (waited >= PATIENCE_MS) {
                missed.incrementAndGet();
                return;
            }
            scheduler.schedule(this::check, waited < 250 ? 10 : waited < 1000 ? 50 : 250, TimeUnit.MILLISECONDS);
        }
    }
}
