package io.trackline.systemtests;

import io.trackline.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker as its own process (kafka.Kafka from Maven Central jars), as the local stack
 * runs it: formatted once in a fresh folder, topics created with the production partition count.
 */
final class KafkaBrokerProcess {

    private ManagedProcess process;
    private final String bootstrapServers;

    private KafkaBrokerProcess(ManagedProcess process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** {@code kill -9} of the broker: its data folder and ports stay as they are for {@link #restart}. */
    void kill() {
        process.kill();
    }

    /** Starts the killed broker again on the same data folder and ports, and waits until it serves again. */
    void restart() {
        process = process.restart();
        try {
            awaitReadyAndCreateTopics(Duration.ofSeconds(120));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static KafkaBrokerProcess start(Path workDir, String classpath, int port, int controllerPort) {
        try {
            Path data = workDir.resolve("kafka-data");
            Files.createDirectories(data);
            Path config = workDir.resolve("server.properties");
            Files.writeString(config, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                    "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + data.toAbsolutePath(),
                    "num.partitions=" + Topics.PARTITIONS,
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=false", ""));
            List<String> java = List.of(javaBin(), "-Xmx512m", "-cp", classpath);
            List<String> format = new ArrayList<>(java);
            format.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "-t",
                    Uuid.randomUuid().toString(), "-c", config.toString()));
            Process formatting = new ProcessBuilder(format).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("kafka-format.log").toFile()).start();
            if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed: "
                        + Files.readString(workDir.resolve("kafka-format.log")));
            }
            List<String> run = new ArrayList<>(java);
            run.addAll(List.of("kafka.Kafka", config.toString()));
            ManagedProcess broker = ManagedProcess.start("kafka", run, Map.of(), workDir.resolve("logs"));
            KafkaBrokerProcess started = new KafkaBrokerProcess(broker, "127.0.0.1:" + port);
            started.awaitReadyAndCreateTopics(Duration.ofSeconds(90));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    void stop() {
        process.stop();
    }

    private void awaitReadyAndCreateTopics(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited:\n" + process.logTail(40));
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
                Map<String, KafkaFuture<Void>> created = admin.createTopics(List.of(
                        new NewTopic(Topics.SHIPMENT_LIFECYCLE, Topics.PARTITIONS, (short) 1),
                        new NewTopic(Topics.COMMUNICATIONS, Topics.PARTITIONS, (short) 1),
                        new NewTopic(Topics.DEAD_LETTER, Topics.PARTITIONS, (short) 1),
                        new NewTopic(Topics.DEAD_LETTER_PARKED, Topics.PARTITIONS, (short) 1))).values();
                for (KafkaFuture<Void> topic : created.values()) {
                    try {
                        topic.get();
                    } catch (ExecutionException e) {
                        // an earlier attempt timed out on a busy machine after the broker had made the topic
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                return;
            } catch (Exception e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("Kafka not ready in " + timeout + ": " + last + "\n" + process.logTail(40));
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
