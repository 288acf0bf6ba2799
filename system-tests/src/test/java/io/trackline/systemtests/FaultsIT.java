package io.trackline.systemtests;

import io.trackline.systemtests.checker.Burst;
import io.trackline.systemtests.checker.CommunicationMatrix;
import io.trackline.systemtests.checker.RunChecker;
import io.trackline.systemtests.checker.RunReport;
import io.trackline.systemtests.checker.StatusSampler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fault suite (issue 15, docs/reliability.md): each fault strikes during its own burst of shipments against the
 * packaged services as processes ({@link FaultStack}, shared by the faults of a run), and the {@link RunChecker}
 * then compares what went in with what came out. Zero lost, duplicated, missing or wrong is the only pass. Each
 * report is a table row on the console and {@code target/faults/<fault>.json}.
 *
 * <p>{@code -Dtrackline.faults=subset} (default), {@code all}, or names/numbers ({@code kill-broker,7});
 * {@code -Dtrackline.faults.shipments=N} per burst (default 150).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final int SHIPMENTS = Integer.getInteger("trackline.faults.shipments", 150);
    private static final Duration WAVE_GAP = Duration.ofSeconds(2);
    private static final Duration BURST_BOUND = Duration.ofMinutes(5);
    private static final Duration SETTLE_BOUND = Duration.ofMinutes(4);
    private static final Path REPORTS = Path.of(System.getProperty("trackline.faults.dir", "target/faults"));
    private static final List<String> ROWS = new ArrayList<>();

    private static FaultStack stack;

    /** What the fault does while its burst runs; it returns when the fault is over (provider faults are then cleared). */
    @FunctionalInterface
    interface Strike {
        void during(Burst burst) throws Exception;
    }

    @Test
    @Order(1)
    void killOrderService() {
        killAndRestart(Fault.KILL_ORDER, "order", 0);
    }

    @Test
    @Order(2)
    void killTrackingService() {
        killAndRestart(Fault.KILL_TRACKING, "tracking", 2);
    }

    @Test
    @Order(3)
    void killNotificationService() {
        killAndRestart(Fault.KILL_NOTIFICATION, "notification", 3);
    }

    @Test
    @Order(4)
    void killExceptionService() {
        killAndRestart(Fault.KILL_EXCEPTION, "exception", 2);
    }

    @Test
    @Order(5)
    void killAuditService() {
        killAndRestart(Fault.KILL_AUDIT, "audit", 2);
    }

    @Test
    @Order(6)
    void killBroker() {
        run(Fault.KILL_BROKER, plan(Fault.KILL_BROKER), burst -> {
            burst.awaitWave(2, BURST_BOUND);
            stack.killBroker();
            Thread.sleep(60_000);
            stack.restartBroker();
        });
    }

    @Test
    @Order(7)
    void terminateDatabaseConnections() {
        run(Fault.DATABASE_CONNECTIONS_TERMINATED, plan(Fault.DATABASE_CONNECTIONS_TERMINATED), burst -> {
            burst.awaitWave(2, BURST_BOUND);
            say("terminated %d database connections", stack.terminateDatabaseConnections());
            burst.awaitWave(4, BURST_BOUND);
            say("terminated %d database connections", stack.terminateDatabaseConnections());
        });
    }

    @Test
    @Order(8)
    void smtpServerDown() {
        providersMisbehave(Fault.SMTP_DOWN, Misbehaviour.mail("{\"smtp\": \"DOWN\"}", Duration.ofSeconds(60)));
    }

    /**
     * "An hour" without email or SMS, shortened: both providers down for 2 minutes, which is longer than the
     * fault stack's maximum backoff many times over, as an hour is against the production 5 minutes.
     */
    @Test
    @Order(8)
    void bothProvidersDownForLong() {
        providersMisbehave(Fault.PROVIDER_OUTAGE_LONG, new Misbehaviour("{\"smtp\": \"DOWN\"}",
                "{\"mode\": \"ERROR_500\"}", Duration.ofMinutes(2)));
    }

    @Test
    @Order(9)
    void smtpServerAnswersAfterTheTimeout() {
        providersMisbehave(Fault.SMTP_SLOW_REPLY, Misbehaviour.mail(
                "{\"smtp\": \"SLOW_REPLY\", \"replyDelayMillis\": 12000}", Duration.ofSeconds(30)));
    }

    @Test
    @Order(10)
    void smsProviderAnswers500And429() {
        providersMisbehave(Fault.SMS_500_AND_429,
                Misbehaviour.sms("{\"mode\": \"ERROR_500\"}", Duration.ofSeconds(15)),
                Misbehaviour.sms("{\"mode\": \"TOO_MANY_REQUESTS\", \"retryAfterSeconds\": 3}", Duration.ofSeconds(15)));
    }

    @Test
    @Order(11)
    void smsProviderAcceptsAfterTheTimeout() {
        providersMisbehave(Fault.SMS_SLOW_ACCEPT, Misbehaviour.sms(
                "{\"mode\": \"SLOW_ACCEPT\", \"replyDelayMillis\": 4000}", Duration.ofSeconds(20)));
    }

    @Test
    @Order(12)
    void gracefulStopOfASendingNotificationService() {
        run(Fault.GRACEFUL_STOP_NOTIFICATION, plan(Fault.GRACEFUL_STOP_NOTIFICATION), burst -> {
            int second = stack.addReplica("notification");
            burst.awaitWave(3, BURST_BOUND);
            stack.stopGracefully("notification", second);
            stack.forgetStoppedReplicas();
        });
    }

    @Test
    @Order(13)
    void replicasJoinAndLeave() {
        run(Fault.REPLICAS_JOIN_AND_LEAVE, plan(Fault.REPLICAS_JOIN_AND_LEAVE), burst -> {
            burst.awaitWave(1, BURST_BOUND);
            int tracking = stack.addReplica("tracking");
            int notification = stack.addReplica("notification");
            burst.awaitWave(4, BURST_BOUND);
            stack.stopGracefully("tracking", tracking);
            stack.stopGracefully("notification", notification);
            stack.forgetStoppedReplicas();
        });
    }

    @Test
    @Order(14)
    void duplicatesAndReordering() {
        Fault fault = Fault.DUPLICATES_AND_REORDERING;
        run(fault, new Burst.Plan(fault.burstNumber(), fault.reportName(), SHIPMENTS, 0, WAVE_GAP, 3, true, false),
                burst -> { });
    }

    @Test
    @Order(15)
    void poisonRecords() {
        Fault fault = Fault.POISON_RECORDS;
        run(fault, new Burst.Plan(fault.burstNumber(), fault.reportName(), SHIPMENTS, 10, WAVE_GAP, 1, false, true),
                burst -> { });
    }

    private void killAndRestart(Fault fault, String service, int afterWave) {
        run(fault, plan(fault), burst -> {
            burst.awaitWave(afterWave, BURST_BOUND);
            stack.kill(service);
            Thread.sleep(5_000);
            stack.restart(service);
        });
    }

    /**
     * A provider fault for {@code lasting}: the dev-sinks' {@code /api/faults} bodies for the mail and the SMS sink
     * (null: that one behaves), each set with {@code forMillis} so it clears by itself.
     */
    private record Misbehaviour(String mail, String sms, Duration lasting) {

        static Misbehaviour mail(String fault, Duration lasting) {
            return new Misbehaviour(fault, null, lasting);
        }

        static Misbehaviour sms(String fault, Duration lasting) {
            return new Misbehaviour(null, fault, lasting);
        }

        String lastingFor(String fault) {
            return fault.replaceFirst("}\\s*$", ", \"forMillis\": " + lasting.toMillis() + "}");
        }
    }

    /** Once the confirmations are out, the providers misbehave step by step, each for its time. */
    private void providersMisbehave(Fault fault, Misbehaviour... steps) {
        run(fault, plan(fault), burst -> {
            burst.awaitWave(1, BURST_BOUND);
            for (Misbehaviour step : steps) {
                if (step.mail() != null) {
                    stack.mailFault(step.lastingFor(step.mail()));
                }
                if (step.sms() != null) {
                    stack.smsFault(step.lastingFor(step.sms()));
                }
                Thread.sleep(step.lasting().toMillis());
            }
        });
    }

    private static Burst.Plan plan(Fault fault) {
        return new Burst.Plan(fault.burstNumber(), fault.reportName(), SHIPMENTS, 10, WAVE_GAP, 1, false, false);
    }

    private void run(Fault fault, Burst.Plan plan, Strike strike) {
        assumeTrue(fault.selected(), fault.reportName() + " not selected by -Dtrackline.faults");
        if (stack == null) {
            stack = new FaultStack();
        }
        stack.awaitHealthy();
        stack.clearProviderFaults();
        Instant started = Instant.now();
        say("%s: %d shipments", fault.reportName(), plan.shipments());
        RunReport report;
        try (StatusSampler sampler = new StatusSampler(stack.endpoints())) {
            Burst burst = new Burst(stack.targets(), plan);
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> burst.run(sampler));
            try {
                strike.during(burst);
                publishing.get(BURST_BOUND.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the burst failed", e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("the burst did not finish within " + BURST_BOUND, e);
            } catch (Exception e) {
                throw new IllegalStateException(fault.reportName() + " failed to strike", e);
            } finally {
                stack.clearProviderFaults();
            }
            stack.awaitHealthy();
            burst.refusals().forEach(r -> say("  refused: %s", r));
            RunChecker checker = new RunChecker(stack.endpoints(), CommunicationMatrix.read(Path.of(
                    System.getProperty("trackline.root", "..")).resolve(
                    "notification-service/src/main/resources/communication-matrix.yaml")));
            report = checker.awaitAndCheck(burst.input(true), sampler.regressions(), sampler.samples(), started,
                    SETTLE_BOUND);
        }
        Path file = report.writeTo(REPORTS);
        ROWS.add(report.tableRow());
        say("%s\n%s\n%s", RunReport.TABLE_HEADER, report.tableRow(), "(" + file + ")");
        report.findings().forEach(f -> say("  %s", f));
        boolean passed = fault.mayRepeatEmails ? report.passedAllowingBoundedEmailRepeats() : report.passed();
        assertThat(passed).as("%s: %s", fault.reportName(), String.join("\n", report.findings())).isTrue();
    }

    @AfterAll
    static void stopAndSummarise() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
        if (ROWS.isEmpty()) {
            return;
        }
        String table = RunReport.TABLE_HEADER + "\n" + "|---".repeat(17) + "|\n" + String.join("\n", ROWS) + "\n";
        say("fault suite:\n%s", table);
        try {
            Files.createDirectories(REPORTS);
            Files.writeString(REPORTS.resolve("summary.md"), table);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void say(String format, Object... args) {
        System.out.printf("[faults] " + format + "%n", args);
    }
}
