package io.trackline.systemtests.checker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples the status of some shipments in tracking-service while a run goes on, and notes every status that moved
 * back (e.g. {@code DELIVERED}, then {@code OUT_FOR_DELIVERY}). Unanswered polls (a service down) are skipped.
 */
public final class StatusSampler implements AutoCloseable {

    /** A status seen after a further one for the same shipment. */
    public record Regression(String trackingNumber, ShipmentStatus from, ShipmentStatus to) {
    }

    private final Http http;
    private final String trackingUrl;
    private final List<String> trackingNumbers = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ShipmentStatus> highest = new HashMap<>();
    private final List<Regression> regressions = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile int samples;

    public StatusSampler(Endpoints endpoints) {
        this.http = new Http(endpoints.opsBearer());
        this.trackingUrl = endpoints.trackingUrl();
        this.thread = new Thread(this::run, "status-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Adds a shipment to the sample (once its confirmation is published). */
    public void watch(String trackingNumber) {
        trackingNumbers.add(trackingNumber);
    }

    private void run() {
        while (running.get()) {
            List<String> round;
            synchronized (trackingNumbers) {
                round = List.copyOf(trackingNumbers);
            }
            for (String tn : round) {
                if (!running.get()) {
                    return;
                }
                sample(tn);
            }
            pause(round.isEmpty() ? 200 : 20);
        }
    }

    private void sample(String tn) {
        try {
            http.get(trackingUrl + "/api/v1/shipments/" + tn).ifPresent(s -> {
                ShipmentStatus now = ShipmentStatus.valueOf(s.path("status").asText());
                samples++;
                ShipmentStatus before = highest.get(tn);
                if (before != null && now.compareTo(before) < 0) {
                    regressions.add(new Regression(tn, before, now));
                } else {
                    highest.put(tn, now);
                }
            });
        } catch (RuntimeException e) {
            pause(200); // tracking-service down or restarting: try again later
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public List<Regression> regressions() {
        synchronized (regressions) {
            return List.copyOf(regressions);
        }
    }

    public int samples() {
        return samples;
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
