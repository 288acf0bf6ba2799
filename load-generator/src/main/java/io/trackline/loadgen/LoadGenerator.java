package io.trackline.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventRecords;
import io.trackline.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern CONSUMED = Pattern.compile(
            "^trackline_events_consumed_total\\{[^}]*consumer=\"tracking-projection\"[^}]*}\\s+([0-9.eE+]+)",
            Pattern.MULTILINE);

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
                throughput();
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
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int partitions = admin.describeTopics(List.of(Topics.SHIPMENT_LIFECYCLE)).allTopicNames().get()
                    .get(Topics.SHIPMENT_LIFECYCLE).partitions().size();
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            say("raw ceiling: ProducerPerformance, %d-byte records, acks=all, topic %s (%d partitions like %s)",
                    recordSize, topic, partitions, Topics.SHIPMENT_LIFECYCLE);
        }
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

    // ------------------------------------------------------------------------------------------------ producing

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(128 * 1024));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "trackline-load-generator");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private final AtomicLong sendErrors = new AtomicLong();

    private void send(KafkaProducer<String, String> producer, CloudEvent event) {
        producer.send(EventRecords.structured(Topics.SHIPMENT_LIFECYCLE, event),
                (metadata, error) -> {
                    if (error != null && sendErrors.incrementAndGet() == 1) {
                        System.err.println("publish failed: " + error);
                    }
                });
    }

    // ----------------------------------------------------------------------------------------------- throughput

    private void throughput() throws Exception {
        int shipments = intOption("shipments", 30_000);
        int offset = 500_000; // distinct from the steady run's shipments
        long total = (long) shipments * Lifecycle.STEPS.size();
        double before = consumedByProjection();
        say("throughput: %d shipments × %d events = %d events, as fast as the producer goes", shipments,
                Lifecycle.STEPS.size(), total);
        List<long[]> samples = new ArrayList<>(); // {millis, consumed}
        long start = System.currentTimeMillis();
        Thread publisher = new Thread(() -> {
            try (KafkaProducer<String, String> producer = producer()) {
                for (int step = 0; step < Lifecycle.STEPS.size(); step++) {
                    for (int i = 0; i < shipments; i++) {
                        send(producer, lifecycle.event(offset + i, step, OffsetDateTime.now(ZoneOffset.UTC)));
                    }
                }
                producer.flush();
            }
            say("  published %d events in %.1f s (%.0f events/s), %d publish errors", total,
                    (System.currentTimeMillis() - start) / 1000.0,
                    total * 1000.0 / (System.currentTimeMillis() - start), sendErrors.get());
        }, "publisher");
        publisher.start();
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
        publisher.join();
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
        Latencies visible = new Latencies();
        Latencies email = new Latencies();
        AtomicInteger invisible = new AtomicInteger();
        ScheduledExecutorService probes = Executors.newScheduledThreadPool(2);
        EmailWatcher watcher = new EmailWatcher(published, email);
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
        try (KafkaProducer<String, String> producer = producer()) {
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
                        send(producer, event);
                        sent++;
                        if (at >= nextProbe && s != 3) { // step 3 (a second InTransit) shows no change
                            nextProbe = at + probeInterval;
                            new Probe(probes, lifecycle.trackingNumber(shipment), s, at, visible, invisible).poll();
                        }
                        if (s + 1 < steps) {
                            due[s + 1].add(new long[] {shipment, now + gap});
                        }
                    }
                }
                LockSupport.parkNanos(500_000);
            }
            producer.flush();
        }
        double seconds = (System.currentTimeMillis() - start) / 1000.0;
        say("  published %d events in %.1f s (%.0f events/s on average, ramp-up and -down included), %d errors",
                sent, seconds, sent / seconds, sendErrors.get());
        long probesDue = System.currentTimeMillis() + PROBE_PATIENCE_MS + 5_000;
        while (visible.count() + invisible.get() < probesStarted.get() && System.currentTimeMillis() < probesDue) {
            Thread.sleep(100);
        }
        probes.shutdownNow();
        long expectedEmails = (long) shipments * 4; // confirmed, dispatched, out for delivery, delivered
        watcher.awaitEmails(expectedEmails, Duration.ofSeconds(intOption("email-wait", 120)));
        watcher.close();
        say("  publish → status visible in tracking-service: %s; %d probes never saw it within 30 s",
                visible.summary(), invisible.get());
        say("  publish → email accepted by SMTP: %s; %d of %d expected emails seen", email.summary(),
                email.count(), expectedEmails);
        report.add("| Steady " + rate + " events/s for " + duration + " s: publish → visible (p50 / p95 / p99) | "
                + visible.percentile(50) + " / " + visible.percentile(95) + " / " + visible.percentile(99)
                + " ms (" + visible.count() + " samples, " + invisible.get() + " not visible in 30 s) |");
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

    private static final long PROBE_PATIENCE_MS = 30_000;
    private final AtomicInteger probesStarted = new AtomicInteger();

    /**
     * Polls one shipment's status in tracking-service's API until it shows the sampled event, on a small shared
     * scheduler: every 10 ms for the first 250 ms, then every 50 ms, after a second every 250 ms. The probes are
     * few (one event per interval, not a share of the rate), so that measuring does not load the service measured.
     */
    private final class Probe {
        private final ScheduledExecutorService scheduler;
        private final HttpRequest request;
        private final String expected;
        private final long publishedAt;
        private final Latencies visible;
        private final AtomicInteger missed;

        Probe(ScheduledExecutorService scheduler, String trackingNumber, int step, long publishedAt,
                Latencies visible, AtomicInteger missed) {
            this.scheduler = scheduler;
            this.request = HttpRequest.newBuilder(URI.create(trackingUrl + "/api/v1/shipments/" + trackingNumber))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
            this.expected = Lifecycle.STATUS_AFTER.get(step);
            this.publishedAt = publishedAt;
            this.visible = visible;
            this.missed = missed;
            probesStarted.incrementAndGet();
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
            if (waited >= PROBE_PATIENCE_MS) {
                missed.incrementAndGet();
                return;
            }
            scheduler.schedule(this::check, waited < 250 ? 10 : waited < 1000 ? 50 : 250, TimeUnit.MILLISECONDS);
        }
    }

    private static boolean laterThan(String status, String expected) {
        return Lifecycle.STATUS_AFTER.indexOf(status) > Lifecycle.STATUS_AFTER.indexOf(expected);
    }

    /** Follows the communications topic from its end: every CommunicationSent by email for an event we published. */
    private final class EmailWatcher extends Thread implements AutoCloseable {
        private final Map<String, Long> published;
        private final Latencies email;
        private final AtomicLong seen = new AtomicLong();
        private volatile boolean running = true;
        private final KafkaConsumer<String, String> consumer;

        EmailWatcher(Map<String, Long> published, Latencies email) {
            super("email-watcher");
            setDaemon(true);
            this.published = published;
            this.email = email;
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMMUNICATIONS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before anything is published
        }

        @Override
        public void run() {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        CloudEvent event = EventCodec.fromJson(record.value());
                        JsonNode data = event.data();
                        if (!"CommunicationSent".equals(event.type()) || !"EMAIL".equals(data.path("channel").asText())
                                || !"CUSTOMER".equals(data.path("recipientKind").asText())) {
                            continue;
                        }
                        Long at = published.get(data.path("causeEventId").asText());
                        if (at != null) {
                            email.add(event.time().toInstant().toEpochMilli() - at);
                            seen.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        // not a communication record of ours
                    }
                }
            }
            consumer.close();
        }

        void awaitEmails(long expected, Duration patience) throws InterruptedException {
            long last = -1;
            long lastChange = System.currentTimeMillis();
            while (seen.get() < expected && System.currentTimeMillis() - lastChange < patience.toMillis()) {
                Thread.sleep(500);
                if (seen.get() != last) {
                    last = seen.get();
                    lastChange = System.currentTimeMillis();
                    say("  emails seen: %d of %d", last, expected);
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            join(5000);
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }
}
