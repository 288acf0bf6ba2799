package io.trackline.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples the resident memory (VmRSS from /proc) of the services and the broker running on this machine once a
 * second, keeping each one's peak. Processes are recognised by their command line: a service's
 * {@code <name>/target/quarkus-app/quarkus-run.jar} (or a container image's {@code quarkus-run.jar} with
 * {@code -Dtrackline.local=<name>}), and {@code kafka.Kafka}.
 */
final class MemorySampler implements AutoCloseable {

    static final List<String> SERVICES = List.of("order", "tracking", "notification", "exception", "audit");

    private final Map<String, Long> peakKb = new TreeMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    MemorySampler() {
        thread = new Thread(this::loop, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void sample() {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                String name = name(proc);
                if (name != null) {
                    long kb = rssKb(proc);
                    synchronized (peakKb) {
                        peakKb.merge(name, kb, Math::max);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a process ended while being read: no sample this time
        }
    }

    private static String name(Path proc) {
        try {
            String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
            if (cmd.contains("kafka.Kafka")) {
                return "kafka";
            }
            if (cmd.contains("dev-sinks")) {
                return "dev-sinks";
            }
            for (String service : SERVICES) {
                if (cmd.contains("/" + service + "-service/target/quarkus-app/quarkus-run.jar")
                        || cmd.contains("-Dtrackline.local=" + service + " ")) {
                    return service + "-service";
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static long rssKb(Path proc) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    /** Peak RSS in MB per process name. */
    Map<String, Long> peaksMb() {
        Map<String, Long> mb = new TreeMap<>();
        synchronized (peakKb) {
            peakKb.forEach((name, kb) -> mb.put(name, kb / 1024));
        }
        return mb;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
