package io.trackline.loadgen;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.Topics;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator: publishes shipment lifecycles to the lifecycle topic as the upstream systems would, against a
 * running Trackline (e.g. {@code deploy/local/trackline.sh}), and reports, in one run on one machine:
 * <ol>
 * <li><b>raw</b>: the broker's own produce rate for the same record size (Kafka's ProducerPerformance), the
 * ceiling, at full speed and at the steady rate;</li>
 * <li><b>steady</b>: a fixed event rate; latency from publish to the status visible in tracking-service's API
 * (sampled shipments, polled) and from publish to the email accepted by the SMTP server (every email: the
 * {@code CommunicationSent} records on the communications topic name the event that caused them);</li>
 * <li><b>throughput</b>: N shipments published as fast as possible; events/s through the tracking projection,
 * read from its counter {@code trackline_events_consumed_total{consumer="tracking-projection"}}.</li>
 * </ol>
 * Peak resident memory of every service is sampled throughout. See docs/performance.md.
 */
public final class LoadGenerator {


    private final Map<String, String> options;
    private final String bootstrap;
    private final String trackingUrl;
    private final String token;
    private final Lifecycle lifecycle;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> report = new ArrayList<>();

    private LoadGenerator(Map<String, String> options) {
        this.options = options;
        this.bootstrap = option("bootstrap", "127.0.0.1:9092");
        this.trackingUrl = option("tracking-url", "http://127.0.0.1:8082");
        this.token = option("token", System.getenv().getOrDefault("TRACKLINE_TOKEN", ""));
        int run = Integer.parseInt(option("run", String.valueOf((System.currentTimeMillis() / 1000) % 100)));
        this.lifecycle = new Lifecycle(run, option("public-url", "http://localhost:8082"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage();
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        new LoadGenerator(options).run();
        System.exit(0);
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar load-generator.jar [--option value ...]
                  --mode all|raw|steady|throughput   what to run (default all: raw, then steady, then throughput)
                  --bootstrap host:port              Kafka (default 127.0.0.1:9092)
                  --tracking-url URL                 tracking-service (default http://127.0.0.1:8082)
                  --token JWT                        a bearer token with the ops role (or env TRACKLINE_TOKEN)
                  --rate N --duration S              steady: events/s and seconds (default 5000 and 30)
                  --step-gap-ms N                    steady: time between one shipment's events (default 1000)
                  --probe-interval-ms N              steady: sample one published event every N ms (default 100)
                  --shipments N                      throughput: shipments × 6 events (default 30000)
                  --raw-records N                    raw: records for the full-speed run (default 500000)
                  --run NN                           two-digit run number in the tracking numbers (default: clock)
                """);
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(option(name, String.valueOf(fallback)));
    }

    private void run() throws Exception {
        String mode = option("mode", "all");
        say("Trackline load generator: Kafka %s, tracking-service %s, %d cores, run %s", bootstrap, trackingUrl,
                Runtime.getRuntime().availableProcessors(), lifecycle.trackingNumber(0).substring(2, 4));
        int recordSize = averageRecordSize();
        say("average lifecycle record: %d bytes", recordSize);
        report.add("| Record size (average lifecycle event, JSON) | " + recordSize + " bytes |");
        try (MemorySampler memory = new MemorySampler()) {
            if (mode.equals("all") || mode.equals("raw")) {
                raw(recordSize);
            }
            if (mode.equals("all") || mode.equals("steady")) {
                steady();
            }
            if (mode.equals("all") || mode.equals("throughput")) {
                ThroughputRun throughput = new ThroughputRun(bootstrap, trackingUrl, http, lifecycle);
                report.addAll(throughput.run(intOption("shipments", 30_000)));
            }
            memory.sample();
            memory.peaksMb().forEach((name, mb) -> report.add("| Peak RSS " + name + " | " + mb + " MB |"));
        }
        System.out.println();
        System.out.println("| Measure | Value |");
        System.out.println("|---|---|");
        report.forEach(System.out::println);
    }

    private int averageRecordSize() {
        long bytes = 0;
        int n = 0;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int step = 0; step < Lifecycle.STEPS.size(); step++) {
            bytes += EventCodec.toJson(lifecycle.event(999_999, step, now)).getBytes().length;
            n++;
        }
        return (int) (bytes / n);
    }

    // ---------------------------------------------------------------------------------------------- raw ceiling

    private void raw(int recordSize) throws Exception {
        String topic = "trackline.bench.raw";
        int partitions = RawCeiling.prepareTopic(bootstrap, topic);
        say("raw ceiling: ProducerPerformance, %d-byte records, acks=all, topic %s (%d partitions like %s)",
                recordSize, topic, partitions, Topics.SHIPMENT_LIFECYCLE);
        int records = intOption("raw-records", 500_000);
        RawCeiling.Result full = RawCeiling.run(bootstrap, topic, records, recordSize, -1);
        say("  full speed: %s", full.line());
        report.add("| Raw broker produce rate, full speed (ProducerPerformance, " + records + " records) | "
                + Math.round(full.recordsPerSecond()) + " records/s |");
        int rate = intOption("rate", 5000);
        RawCeiling.Result steady = RawCeiling.run(bootstrap, topic, rate * 10, recordSize, rate);
        say("  at %d/s: %s", rate, steady.line());
        report.add("| Raw broker at " + rate + " records/s | " + steady.line().replaceAll("^[^,]*, ", "") + " |");
    }

    // ---------------------------------------------------------------------------------------------- steady rate

    private void steady() throws Exception {
        int rate = intOption("rate", 5000);
        int duration = intOption("duration", 30);
        long gap = intOption("step-gap-ms", 1000);
        int probeInterval = intOption("probe-interval-ms", 100);
        if (token.isBlank()) {
            throw new IllegalArgumentException("steady needs an ops token: --token or TRACKLINE_TOKEN "
                    + "(deploy/local/trackline.sh token ops)");
        }
        int steps = Lifecycle.STEPS.size();
        double startsPerMs = rate / (double) steps / 1000.0;
        int shipments = (int) Math.round(startsPerMs * duration * 1000);
        say("steady: %d events/s for %d s: %d shipments started evenly, each event %d ms after the one before; "
                + "one event every %d ms sampled for publish → visible", rate, duration, shipments, gap, probeInterval);

        Map<String, Long> published = new ConcurrentHashMap<>(); // event id → publish time (ms), for emails
        Latencies email = new Latencies();
        StatusProbes probes = new StatusProbes(http, trackingUrl, token);
        EmailWatcher watcher = new EmailWatcher(bootstrap, published, email);
        watcher.start();

        @SuppressWarnings("unchecked")
        ArrayDeque<long[]>[] due = new ArrayDeque[steps]; // per step: {shipment, due millis}, in due order
        for (int s = 0; s < steps; s++) {
            due[s] = new ArrayDeque<>();
        }
        long start = System.currentTimeMillis();
        long nextProbe = start;
        int started = 0;
        long sent = 0;
        try (LifecyclePublisher publisher = new LifecyclePublisher(bootstrap, "trackline-load-generator")) {
            while (started < shipments || anyPending(due)) {
                long now = System.currentTimeMillis();
                while (started < shipments && start + (long) (started / startsPerMs) <= now) {
                    due[0].add(new long[] {started++, now});
                }
                for (int s = steps - 1; s >= 0; s--) {
                    while (!due[s].isEmpty() && due[s].peek()[1] <= now) {
                        int shipment = (int) due[s].poll()[0];
                        CloudEvent event = lifecycle.event(shipment, s, OffsetDateTime.now(ZoneOffset.UTC));
                        long at = System.currentTimeMillis();
                        published.put(event.id(), at);
                        publisher.send(event);
                        sent++;
                        if (at >= nextProbe && s != 3) { // step 3 (a second InTransit) shows no change
                            nextProbe = at + probeInterval;
                            probes.probe(lifecycle.trackingNumber(shipment), s, at);
                        }
                        if (s + 1 < steps) {
                            due[s + 1].add(new long[] {shipment, now + gap});
                        }
                    }
                }
                LockSupport.parkNanos(500_000);
            }
            publisher.flush();
        }
        double seconds = (System.currentTimeMillis() - start) / 1000.0;
        say("  published %d events in %.1f s (%.0f events/s on average, ramp-up and -down included), %d errors",
                sent, seconds, sent / seconds, LifecyclePublisher.errors());
        probes.awaitAll();
        probes.close();
        Latencies visible = probes.visible();
        int invisible = probes.missed();
        long expectedEmails = (long) shipments * 4; // confirmed, dispatched, out for delivery, delivered
        watcher.awaitEmails(expectedEmails, Duration.ofSeconds(intOption("email-wait", 120)));
        watcher.close();
        say("  publish → status visible in tracking-service: %s; %d probes never saw it within 30 s",
                visible.summary(), invisible);
        say("  publish → email accepted by SMTP: %s; %d of %d expected emails seen", email.summary(),
                email.count(), expectedEmails);
        report.add("| Steady " + rate + " events/s for " + duration + " s: publish → visible (p50 / p95 / p99) | "
                + visible.percentile(50) + " / " + visible.percentile(95) + " / " + visible.percentile(99)
                + " ms (" + visible.count() + " samples, " + invisible + " not visible in 30 s) |");
        report.add("| Steady " + rate + " events/s: publish → email accepted by SMTP (p50 / p95 / p99) | "
                + email.percentile(50) + " / " + email.percentile(95) + " / " + email.percentile(99) + " ms ("
                + email.count() + " of " + expectedEmails + " emails) |");
    }

    private static boolean anyPending(ArrayDeque<long[]>[] due) {
        for (ArrayDeque<long[]> queue : due) {
            if (!queue.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }
}
