package io.trackline.systemtests;

import io.trackline.systemtests.checker.Burst;
import io.trackline.systemtests.checker.Endpoints;
import io.trackline.testing.TestDatabases;
import io.trackline.testing.TestTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system as separate processes for the fault suite, apart from {@link TracklineStack} so that its faults
 * touch no other test: a broker process (killed and restarted on the same data and ports), dev-sinks keeping every
 * message, and the five packaged services, each of which can be killed, restarted, stopped gracefully or joined by
 * further replicas (same database and consumer group, a port of their own). notification-service runs with short
 * timeouts, backoff and lease so that each fault settles within its bound.
 */
final class FaultStack implements AutoCloseable {

    /** notification-service's timings here instead of the production ones (minutes and hours). */
    static final Map<String, String> NOTIFICATION_TIMINGS = Map.of(
            "TRACKLINE_NOTIFICATION_FEEDBACK_REQUEST_DELAY", "PT3S",
            "TRACKLINE_NOTIFICATION_SENDER_HTTP_TIMEOUT", "PT2S",
            "QUARKUS_MAILER_TIMEOUT", "PT10S",
            "TRACKLINE_NOTIFICATION_SENDER_SMS_CALLBACK_WAIT", "PT15S",
            "TRACKLINE_NOTIFICATION_SENDER_MAX_BACKOFF", "PT5S",
            "TRACKLINE_NOTIFICATION_SENDER_LEASE", "PT20S",
            "TRACKLINE_NOTIFICATION_SENDER_GIVE_UP_AFTER", "PT10M");

    private static final Duration READY = Duration.ofSeconds(180);

    private final Path root;
    private final Path work;
    private final KafkaBrokerProcess broker;
    private final ManagedProcess sinks;
    private final int smtpPort = TracklineStack.freePort();
    private final int inboxPort = TracklineStack.freePort();
    private final int smsPort = TracklineStack.freePort();
    private final Map<String, String> databases = new LinkedHashMap<>();
    private final Map<String, List<Replica>> replicas = new LinkedHashMap<>();
    private final Map<String, Integer> firstPorts = new HashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One process of a service. */
    record Replica(String service, int port, ManagedProcess process) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    FaultStack() {
        root = Path.of(System.getProperty("trackline.root", "..")).toAbsolutePath().normalize();
        work = Path.of(System.getProperty("trackline.work", "target/stack")).toAbsolutePath()
                .resolveSibling("faults-stack");
        try {
            TracklineStack.deleteRecursively(work);
            Files.createDirectories(work);
            String classpath = Files.readString(Path.of(System.getProperty("trackline.broker.classpath"))).trim();
            broker = KafkaBrokerProcess.start(work, classpath, TracklineStack.freePort(), TracklineStack.freePort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sinks = ManagedProcess.start("dev-sinks", List.of(KafkaBrokerProcess.javaBin(), "-Xmx384m", "-jar",
                root.resolve("dev-sinks/target/dev-sinks-0.1.0-SNAPSHOT.jar").toString(), "--smtp.port=" + smtpPort,
                "--inbox.port=" + inboxPort, "--sms.port=" + smsPort, "--keep=1000000",
                "--sms.callback-delay-ms=300"), Map.of(), logs());
        for (String service : TracklineStack.SERVICES) {
            databases.put(service, TestDatabases.create(service));
            firstPorts.put(service, TracklineStack.freePort());
            replicas.put(service, new ArrayList<>());
        }
        for (String service : TracklineStack.SERVICES) {
            replicas.get(service).add(launch(service, firstPorts.get(service), 0));
        }
        awaitHealthy();
        TracklineStack.awaitUp(sinks, URI.create(inboxUrl() + "/api/messages"), Duration.ofSeconds(60));
    }

    private Replica launch(String service, int port, int index) {
        Path jar = root.resolve(service + "-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (mvn verify does)");
        }
        Map<String, String> env = TracklineStack.serviceEnv(service, databases.get(service), port,
                broker.bootstrapServers(), url("tracking"), url("notification"), smtpPort, smsPort);
        if (service.equals("notification")) {
            env.putAll(NOTIFICATION_TIMINGS);
        }
        String name = service + "-service" + (index == 0 ? "" : "-" + (index + 1));
        return new Replica(service, port, ManagedProcess.start(name, List.of(KafkaBrokerProcess.javaBin(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()), env, logs()));
    }

    /** Waits until every replica of every service answers ready. */
    void awaitHealthy() {
        replicas.values().forEach(list -> list.forEach(r -> TracklineStack.awaitUp(r.process(),
                URI.create(r.url() + "/q/health/ready"), READY)));
    }

    /** The first replica's URL: the one the checker and the burst use. */
    String url(String service) {
        return "http://127.0.0.1:" + firstPorts.get(service);
    }

    String inboxUrl() {
        return "http://127.0.0.1:" + inboxPort;
    }

    String smsUrl() {
        return "http://127.0.0.1:" + smsPort;
    }

    Endpoints endpoints() {
        return new Endpoints(url("tracking"), url("notification"), url("audit"), inboxUrl(), smsUrl(),
                broker.bootstrapServers(), TestTokens.bearer("ops"));
    }

    Burst.Targets targets() {
        return new Burst.Targets(broker.bootstrapServers(), url("order"), url("tracking"), url("notification"),
                TestTokens.bearer("ingest"), TestTokens.bearer("ops"));
    }

    // ---------------------------------------------------------------------------------------------- the faults

    /** {@code kill -9} of the service's first replica. */
    void kill(String service) {
        replicas.get(service).get(0).process().kill();
    }

    /** Starts the killed first replica again (same port, database and group) and waits until it is ready. */
    void restart(String service) {
        Replica dead = replicas.get(service).get(0);
        Replica again = new Replica(service, dead.port(), dead.process().restart());
        replicas.get(service).set(0, again);
        TracklineStack.awaitUp(again.process(), URI.create(again.url() + "/q/health/ready"), READY);
    }

    /** SIGTERM to a replica; waits (bounded) until it has shut down. */
    void stopGracefully(String service, int index) {
        Replica replica = replicas.get(service).get(index);
        replica.process().stop();
    }

    /** Starts one more replica of the service and waits until it is ready; answers its index. */
    int addReplica(String service) {
        List<Replica> list = replicas.get(service);
        Replica replica = launch(service, TracklineStack.freePort(), list.size());
        list.add(replica);
        TracklineStack.awaitUp(replica.process(), URI.create(replica.url() + "/q/health/ready"), READY);
        return list.size() - 1;
    }

    /** Removes the stopped replicas above the first from the list. */
    void forgetStoppedReplicas() {
        replicas.values().forEach(list -> list.removeIf(r -> r != list.get(0) && !r.process().isAlive()));
    }

    void killBroker() {
        broker.kill();
    }

    void restartBroker() {
        broker.restart();
    }

    /** Terminates every connection of every service to its database (the database server itself stays up). */
    int terminateDatabaseConnections() {
        int terminated = 0;
        try (Connection admin = TestDatabases.connect("postgres");
             PreparedStatement kill = admin.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM "
                     + "pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            for (String database : databases.values()) {
                kill.setString(1, database);
                try (ResultSet rs = kill.executeQuery()) {
                    rs.next();
                    terminated += rs.getInt(1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot terminate the services' database connections", e);
        }
        return terminated;
    }

    /** {@code PUT /api/faults} on the mail inbox, e.g. {@code {"smtp":"DOWN","forMillis":60000}}. */
    void mailFault(String json) {
        put(inboxUrl() + "/api/faults", json);
    }

    /** {@code PUT /api/faults} on the SMS provider, e.g. {@code {"mode":"ERROR_500","forMillis":30000}}. */
    void smsFault(String json) {
        put(smsUrl() + "/api/faults", json);
    }

    void clearProviderFaults() {
        send(HttpRequest.newBuilder(URI.create(inboxUrl() + "/api/faults")).DELETE().build());
        send(HttpRequest.newBuilder(URI.create(smsUrl() + "/api/faults")).DELETE().build());
    }

    private void put(String url, String json) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT " + url + " " + json + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path logs() {
        return work.resolve("logs");
    }

    @Override
    public void close() {
        replicas.values().forEach(list -> list.forEach(r -> r.process().stop()));
        sinks.stop();
        broker.stop();
        databases.values().forEach(TestDatabases::drop);
    }
}
