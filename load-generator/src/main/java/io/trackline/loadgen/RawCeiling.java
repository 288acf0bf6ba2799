package io.trackline.loadgen;

import io.trackline.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's raw produce rate for a record size, by Kafka's own {@code ProducerPerformance} (run as a child
 * JVM with this program's class path), acks=all like the services' producers.
 */
final class RawCeiling {

    record Result(String line, double recordsPerSecond) {
    }

    static Result run(String bootstrap, String topic, int records, int recordSize, int throughput)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", String.valueOf(records), "--record-size", String.valueOf(recordSize),
                "--throughput", String.valueOf(throughput),
                "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.contains("records sent")) {
                    last = line;
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || last == null) {
            throw new IOException("ProducerPerformance failed (exit " + exit + ")");
        }
        // "500000 records sent, 98765.4 records/sec (94.19 MB/sec), 120.3 ms avg latency, ..."
        String rate = last.replaceAll("^.*records sent, ([0-9.]+) records/sec.*$", "$1");
        return new Result(last.trim(), Double.parseDouble(rate));
    }

    /** Creates the benchmark topic with as many partitions as the lifecycle topic (once); answers that number. */
    static int prepareTopic(String bootstrap, String topic) throws InterruptedException, ExecutionException {
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
            return partitions;
        }
    }
}
