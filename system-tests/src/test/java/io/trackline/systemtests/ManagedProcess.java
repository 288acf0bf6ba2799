package io.trackline.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A child process with its output in a log file, ended with the test JVM at the latest. */
final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path log;
    private final List<String> command;
    private final Map<String, String> env;

    private ManagedProcess(String name, Process process, Path log, List<String> command, Map<String, String> env) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.command = command;
        this.env = env;
    }

    static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            ManagedProcess managed = new ManagedProcess(name, builder.start(), log, List.copyOf(command),
                    Map.copyOf(env));
            Runtime.getRuntime().addShutdownHook(new Thread(managed::stop, "stop-" + name));
            return managed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** The same command with the same environment again, its output appended to the same log. */
    ManagedProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " still runs");
        }
        return start(name, command, env, log.getParent());
    }

    /** {@code kill -9}: the process ends at once, without running any shutdown code. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " still runs 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    /** The last lines of the process's output, for failure messages. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
