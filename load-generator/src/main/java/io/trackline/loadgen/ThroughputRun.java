package io.trackline.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.trackline.loadgen.LoadGenerator.say;

/**
 * The throughput run: N shipments published as fast as possible; events/s through the tracking projection, read
 * from its counter {@code trackline_events_consumed_total{consumer="tracking-projection"}}.
 */
final class ThroughputRun {

    private static final Pattern CONSUMED = Pattern.compile(
            "^trackline_events_consumed_total\\{[^}]*consumer=\"tracking-projection\"[^}]*}\\s+([0-9.eE+]+)",
            Pattern.MULTILINE);

    private final String bootstrap;
    private final String trackingUrl;
    private final HttpClient http;
    private final Lifecycle lifecycle;

    ThroughputRun(String bootstrap, String trackingUrl, HttpClient http, Lifecycle lifecycle) {
        this.bootstrap = bootstrap;
        this.trackingUrl = trackingUrl;
        this.http = http;
        this.lifecycle = lifecycle;
    }

    /** Publishes {@code shipments} lifecycles as fast as the producer goes; answers the report rows. */
    List<String> run(int shipments) throws Exception {
        List<String> report = new ArrayList<>();
        int offset = 500_000; // distinct from the steady run's shipments
        long total = (long) shipments * Lifecycle.STEPS.size();
        double before = consumedByProjection();
        say("throughput: %d shipments × %d events = %d events, as fast as the producer goes", shipments,
                Lifecycle.STEPS.size(), total);
        List<long[]> samples = new ArrayList<>(); // {millis, consumed}
        long start = System.currentTimeMillis();
        Thread publishing = new Thread(() -> {
            try (LifecyclePublisher publisher = new LifecyclePublisher(bootstrap, "trackline-load-generator")) {
                for (int step = 0; step < Lifecycle.STEPS.size(); step++) {
                    for (int i = 0; i < shipments; i++) {
                        publisher.send(lifecycle.event(offset + i, step, OffsetDateTime.now(ZoneOffset.UTC)));
                    }
                }
                publisher.flush();
            }
            say("  published %d events in %.1f s (%.0f events/s), %d publish errors", total,
                    (System.currentTimeMillis() - start) / 1000.0,
                    total * 1000.0 / (System.currentTimeMillis() - start), LifecyclePublisher.errors());
        }, "publisher");
        publishing.start();
        long lastProgress = System.currentTimeMillis();
        double last = before;
        while (true) {
            Thread.sleep(250);
            double now = consumedByProjection();
            long t = System.currentTimeMillis();
            samples.add(new long[] {t, (long) (now - before)});
            if (now > last) {
                last = now;
                lastProgress = t;
            }
            if (now - before >= total || t - lastProgress > 60_000) {
                break;
            }
            if (samples.size() % 20 == 0) {
                say("  %.0f s: %d of %d projected", (t - start) / 1000.0, (long) (now - before), total);
            }
        }
        publishing.join();
        long[] end = samples.get(samples.size() - 1);
        double seconds = (end[0] - start) / 1000.0;
        long done = end[1];
        say("  tracking projection: %d events in %.1f s from the first publish = %.0f events/s", done, seconds,
                done / seconds);
        long[] p10 = firstAtLeast(samples, total / 10);
        long[] p90 = firstAtLeast(samples, total * 9 / 10);
        double sustained = p10 != null && p90 != null && p90[0] > p10[0]
                ? (p90[1] - p10[1]) * 1000.0 / (p90[0] - p10[0]) : Double.NaN;
        say("  sustained (10%% → 90%% of the events): %.0f events/s", sustained);
        report.add("| Throughput through the tracking projection, " + total + " events, first publish → all "
                + "projected | " + Math.round(done / seconds) + " events/s (" + done + " events in "
                + String.format(Locale.ROOT, "%.1f", seconds) + " s) |");
        report.add("| Throughput, sustained (10% → 90% of the events) | " + Math.round(sustained) + " events/s |");
        return report;
    }

    private static long[] firstAtLeast(List<long[]> samples, long count) {
        return samples.stream().filter(s -> s[1] >= count).findFirst().orElse(null);
    }

    private double consumedByProjection() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(trackingUrl + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = CONSUMED.matcher(response.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }


}
