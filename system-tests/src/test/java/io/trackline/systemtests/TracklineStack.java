package io.trackline.systemtests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trackline.testing.TestDatabases;
import io.trackline.testing.TestTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system as separate processes, as the local stack runs it: a Kafka broker process, the five packaged
 * services ({@code <service>/target/quarkus-app/quarkus-run.jar}, prod profile) each with a fresh database,
 * verifying tokens made by {@link TestTokens}. Started once per test JVM; stopped when it exits.
 */
final class TracklineStack {

    static final List<String> SERVICES = List.of("order", "tracking", "notification", "exception", "audit");
    static final String LINK_SECRET = "system-test-link-secret";

    private static TracklineStack instance;

    static final String MANAGEMENT = "management@trackline.test";

    /**
     * The service level whose delays exception-service detects within seconds here (see {@link #exceptionEnv}):
     * only {@code SilentDelayIT} orders it, so no other test meets a detected delay between two of its scans.
     */
    static final String QUICKLY_WATCHED_SERVICE_LEVEL = "NEXT_DAY";
    static final Duration NO_SCAN_THRESHOLD = Duration.ofSeconds(3);
    /** How long a detected delay may stay open before management hears of it (level 2 after twice this). */
    static final Duration DETECTED_DELAY_ESCALATE_AFTER = Duration.ofSeconds(4);

    private final KafkaBrokerProcess broker;
    private final ManagedProcess sinks;
    private final int smtpPort = freePort();
    private final int inboxPort = freePort();
    private final int smsPort = freePort();
    private final Map<String, ManagedProcess> services = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final List<String> databases = new ArrayList<>();

    static synchronized TracklineStack get() {
        if (instance == null) {
            instance = new TracklineStack();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "stop-stack"));
        }
        return instance;
    }

    private TracklineStack() {
        Path root = Path.of(System.getProperty("trackline.root", "..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("trackline.work", "target/stack")).toAbsolutePath();
        try {
            deleteRecursively(work);
            Files.createDirectories(work);
            String classpath = Files.readString(Path.of(System.getProperty("trackline.broker.classpath"))).trim();
            broker = KafkaBrokerProcess.start(work, classpath, freePort(), freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path sinksJar = root.resolve("dev-sinks/target/dev-sinks-0.1.0-SNAPSHOT.jar");
        sinks = ManagedProcess.start("dev-sinks", List.of(KafkaBrokerProcess.javaBin(), "-Xmx128m", "-jar",
                sinksJar.toString(), "--smtp.port=" + smtpPort, "--inbox.port=" + inboxPort,
                "--sms.port=" + smsPort), Map.of(), work.resolve("logs"));
        for (String service : SERVICES) {
            ports.put(service, freePort());
        }
        for (String service : SERVICES) {
            Path jar = root.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build the services first (mvn verify does)");
            }
            String database = TestDatabases.create(service);
            databases.add(database);
            Map<String, String> env = serviceEnv(service, database, ports.get(service), broker.bootstrapServers(),
                    url("tracking"), url("notification"), smtpPort, smsPort);
            if (service.equals("notification")) {
                // the feedback request follows delivery after 2 hours in production; a few seconds here
                env.put("TRACKLINE_NOTIFICATION_FEEDBACK_REQUEST_DELAY", "PT3S");
            }
            if (service.equals("exception")) {
                env.putAll(exceptionEnv(root, work));
            }
            services.put(service, ManagedProcess.start(service + "-service", List.of(KafkaBrokerProcess.javaBin(),
                    "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString()), env, work.resolve("logs")));
        }
        services.forEach((service, process) -> awaitReady(service, process, Duration.ofSeconds(120)));
        awaitUp(sinks, URI.create(inboxUrl() + "/api/messages"), Duration.ofSeconds(30));
    }

    /**
     * The environment of a packaged service as the system tests run it: its port and database, the broker, the test
     * tokens' key, the link secret, and for notification-service the dev-sinks' SMTP server and SMS provider.
     */
    static Map<String, String> serviceEnv(String service, String database, int port, String bootstrapServers,
            String trackingUrl, String notificationUrl, int smtpPort, int smsPort) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("TRACKLINE_DB_URL", TestDatabases.jdbcUrl(database));
        env.put("TRACKLINE_DB_USER", TestDatabases.USER);
        env.put("TRACKLINE_DB_PASSWORD", TestDatabases.PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestTokens.publicKeyLocation());
        env.put("TRACKLINE_LINK_SECRET", LINK_SECRET);
        env.put("TRACKLINE_PUBLIC_URL", trackingUrl);
        if (service.equals("notification")) {
            env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
            env.put("QUARKUS_MAILER_PORT", String.valueOf(smtpPort));
            env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
            env.put("TRACKLINE_SMS_BASE_URL", "http://127.0.0.1:" + smsPort);
            env.put("TRACKLINE_SMS_ACCOUNT_SID", "ACsystemtest");
            env.put("TRACKLINE_SMS_AUTH_TOKEN", "system-test");
            env.put("TRACKLINE_SMS_FROM", "+15005550006");
            env.put("TRACKLINE_MANAGEMENT_EMAILS", MANAGEMENT);
            env.put("TRACKLINE_NOTIFICATION_PUBLIC_URL", notificationUrl);
        }
        return env;
    }

    /**
     * Detection every second instead of every minute; a no-scan threshold of seconds for
     * {@link #QUICKLY_WATCHED_SERVICE_LEVEL} only (the others keep their hours); and the bundled playbooks with
     * a detected delay escalated after seconds instead of a day. The other reasons keep their thresholds, so a
     * reported exception in another test is not escalated while it runs.
     */
    private static Map<String, String> exceptionEnv(Path root, Path work) {
        Path playbooks = work.resolve("playbooks.yaml");
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            ObjectNode bundled = (ObjectNode) yaml.readTree(
                    root.resolve("exception-service/src/main/resources/playbooks.yaml").toFile());
            ((ObjectNode) bundled.required("DELAY_DETECTED")).put("escalate-after",
                    DETECTED_DELAY_ESCALATE_AFTER.toString());
            yaml.writeValue(playbooks.toFile(), bundled);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("TRACKLINE_EXCEPTION_DETECTION_INTERVAL", "1s",
                "TRACKLINE_EXCEPTION_RULES_NO_SCAN_AFTER_" + QUICKLY_WATCHED_SERVICE_LEVEL, NO_SCAN_THRESHOLD.toString(),
                "TRACKLINE_EXCEPTION_PLAYBOOK_FILE", playbooks.toString());
    }

    /** The mail inbox's HTTP API: {@code GET /api/messages} lists every email the SMTP server received. */
    String inboxUrl() {
        return "http://127.0.0.1:" + inboxPort;
    }

    /** The SMS sink's HTTP API: {@code GET /api/messages} lists every SMS the provider stand-in received. */
    String smsUrl() {
        return "http://127.0.0.1:" + smsPort;
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    private void awaitReady(String service, ManagedProcess process, Duration timeout) {
        awaitUp(process, URI.create(url(service) + "/q/health/ready"), timeout);
    }

    static void awaitUp(ManagedProcess process, URI ready, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited:\n" + process.logTail(60));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(ready)
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(process.name() + " not ready in " + timeout + ":\n" + process.logTail(60));
    }

    private void stop() {
        services.values().forEach(ManagedProcess::stop);
        sinks.stop();
        broker.stop();
        databases.forEach(TestDatabases::drop);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
