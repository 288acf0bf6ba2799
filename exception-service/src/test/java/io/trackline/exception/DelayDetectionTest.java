package io.trackline.exception;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.exception.service.DelayDetector;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.trackline.exception.ExceptionTestSupport.awaitWatched;
import static io.trackline.exception.ExceptionTestSupport.cases;
import static io.trackline.exception.ExceptionTestSupport.confirmedShipment;
import static io.trackline.exception.ExceptionTestSupport.milestone;
import static io.trackline.exception.ExceptionTestSupport.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every detection rule, driven with explicit times: no sleeping. */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "exception"), scope = TestResourceScope.MATCHING_RESOURCES)
class DelayDetectionTest {

    /** Thursday 26 November 2026, 09:00 in Amsterdam. */
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-26T08:00:00Z");
    private static KafkaTestClient kafka;

    @Inject
    DelayDetector detector;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldRaiseOneCaseWhenNoScanArrivesInTimeAndPublishItWithANewEstimate() {
        String tn = confirmedShipment(kafka, T0);
        CloudEvent dispatched = milestone(kafka, EventType.DISPATCHED, tn, T0.plusHours(2));
        awaitStatus(tn, "DISPATCHED");
        Instant lastScan = dispatched.time().toInstant();
        detector.run(lastScan.plus(Duration.ofHours(47)));
        assertThat(rule(tn, ExceptionCase.Rule.NO_SCAN)).isEmpty();
        detector.run(lastScan.plus(Duration.ofHours(49)));
        detector.run(lastScan.plus(Duration.ofHours(50)));
        List<ExceptionCase> noScan = rule(tn, ExceptionCase.Rule.NO_SCAN);
        assertThat(noScan).hasSize(1);
        assertThat(noScan.get(0).source).isEqualTo("DETECTED");

        List<CloudEvent> raised = published(kafka, tn, EventType.EXCEPTION_RAISED, 1).stream()
                .filter(e -> e.data().path("caseId").asText().equals(noScan.get(0).id.toString())).toList();
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).id()).isEqualTo(noScan.get(0).raisedEventId);
        assertThat(raised.get(0).data().get("source").asText()).isEqualTo("DETECTED");
        assertThat(raised.get(0).data().get("reason").asText()).isEqualTo("DELAY_DETECTED");
        assertThat(raised.get(0).data().get("revisedEstimatedDelivery").asText()).isNotBlank();
        assertThat(raised.get(0).data().get("resolutionSteps").size()).isPositive();
        // the customer hears the new date with the ExceptionRaised; its EtaUpdated says so
        assertThat(published(kafka, tn, EventType.ETA_UPDATED, 1))
                .filteredOn(e -> e.data().path("caseId").asText().equals(noScan.get(0).id.toString()))
                .allMatch(e -> e.data().path("customerInformed").asBoolean());

        milestone(kafka, EventType.IN_TRANSIT, tn, T0.plusHours(60));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rule(tn, ExceptionCase.Rule.NO_SCAN))
                .allMatch(c -> c.status == ExceptionCase.Status.RESOLVED));
    }

    @Test
    void shouldRaiseACaseWhenTheEstimatedDatePassesWithoutDelivery() {
        String tn = confirmedShipment(kafka, T0);
        // recent scans, so that only the estimate rule applies
        milestone(kafka, EventType.DISPATCHED, tn, OffsetDateTime.parse("2026-12-01T10:00:00Z"));
        milestone(kafka, EventType.IN_TRANSIT, tn, OffsetDateTime.parse("2026-12-02T07:00:00Z"));
        awaitStatus(tn, "IN_TRANSIT");
        detector.run(Instant.parse("2026-12-01T20:00:00Z"));
        assertThat(rule(tn, ExceptionCase.Rule.ETA_PASSED)).isEmpty();
        detector.run(Instant.parse("2026-12-02T08:00:00Z"));
        assertThat(rule(tn, ExceptionCase.Rule.ETA_PASSED)).hasSize(1)
                .allMatch(c -> c.revisedEta.equals(java.time.LocalDate.parse("2026-12-03")));
    }

    @Test
    void shouldRaiseACaseWhenOutForDeliveryIsNotDeliveredByTheEndOfTheLocalDay() {
        String tn = confirmedShipment(kafka, T0);
        milestone(kafka, EventType.OUT_FOR_DELIVERY, tn, T0.plusHours(1));
        awaitStatus(tn, "OUT_FOR_DELIVERY");
        detector.run(Instant.parse("2026-11-26T22:30:00Z")); // 23:30 in Amsterdam: still the same day
        assertThat(rule(tn, ExceptionCase.Rule.NOT_DELIVERED_END_OF_DAY)).isEmpty();
        detector.run(Instant.parse("2026-11-26T23:30:00Z")); // 00:30 the next day
        assertThat(rule(tn, ExceptionCase.Rule.NOT_DELIVERED_END_OF_DAY)).hasSize(1)
                .allMatch(c -> c.reason.equals("FAILED_ATTEMPT"));
    }

    @Test
    void shouldRaiseACaseWhenNotDispatchedByTheCutOff() {
        String tn = confirmedShipment(kafka, T0); // 09:00 Amsterdam, before the 15:00 cut-off
        awaitWatched(tn);
        detector.run(Instant.parse("2026-11-26T14:30:00Z")); // 15:30: cut-off passed, within the hour of grace
        assertThat(rule(tn, ExceptionCase.Rule.NOT_DISPATCHED)).isEmpty();
        detector.run(Instant.parse("2026-11-26T15:30:00Z"));
        assertThat(rule(tn, ExceptionCase.Rule.NOT_DISPATCHED)).hasSize(1);
    }

    @Test
    void shouldNotRaiseNotDispatchedOnChristmasForAShipmentConfirmedOnChristmasEveAfterTheCutOff() {
        // Wednesday 24 December 2025, 16:30 in Amsterdam: after the cut-off. Thu 25 and Fri 26 are Christmas
        // (public holidays in NL), so the warehouse dispatches it on Monday 29 December, as order-service promised.
        // (A past Christmas: events more than five minutes ahead are refused at intake.)
        String tn = confirmedShipment(kafka, OffsetDateTime.parse("2025-12-24T15:30:00Z"), LocalDate.of(2025, 12, 31));
        awaitWatched(tn);
        detector.run(Instant.parse("2025-12-25T16:30:00Z")); // Christmas Day, past 15:00 and the hour of grace
        detector.run(Instant.parse("2025-12-26T16:30:00Z"));
        assertThat(rule(tn, ExceptionCase.Rule.NOT_DISPATCHED)).isEmpty();
        detector.run(Instant.parse("2025-12-29T15:30:00Z")); // Monday 16:30: the real cut-off plus grace passed
        assertThat(rule(tn, ExceptionCase.Rule.NOT_DISPATCHED)).hasSize(1);
    }

    @Test
    void shouldReviseAnEstimatePassedOnChristmasEveToTheFirstBusinessDayAfterChristmas() {
        String tn = confirmedShipment(kafka, OffsetDateTime.parse("2025-12-22T08:00:00Z"), LocalDate.of(2025, 12, 23));
        milestone(kafka, EventType.DISPATCHED, tn, OffsetDateTime.parse("2025-12-23T07:00:00Z"));
        milestone(kafka, EventType.IN_TRANSIT, tn, OffsetDateTime.parse("2025-12-24T07:00:00Z"));
        awaitStatus(tn, "IN_TRANSIT");
        detector.run(Instant.parse("2025-12-24T08:00:00Z")); // 09:00 on Christmas Eve: the estimate has passed
        // one business day (the playbook of DELAY_DETECTED) after the 24th is Monday 29: 25 and 26 are holidays
        assertThat(rule(tn, ExceptionCase.Rule.ETA_PASSED)).hasSize(1)
                .allSatisfy(c -> assertThat(c.revisedEta).isEqualTo(LocalDate.parse("2025-12-29")));
    }

    @Test
    void shouldFollowMilestonesThatArriveBeforeTheOrderAndRaiseNoNotDispatchedCase() {
        String tn = io.trackline.events.TrackingNumbers.generate("TL", "NL");
        // the carrier's scans overtake the order's confirmation, and an older scan comes last but one
        milestone(kafka, EventType.IN_TRANSIT, tn, T0.plusHours(5));
        milestone(kafka, EventType.DISPATCHED, tn, T0.plusHours(2));
        ExceptionTestSupport.confirm(kafka, tn, T0);
        ShipmentWatch watch = ExceptionTestSupport.awaitConfirmedWatch(tn);
        assertThat(watch.status).isEqualTo("IN_TRANSIT");
        assertThat(watch.statusAt).isEqualTo(T0.plusHours(5).toInstant());
        assertThat(watch.lastScanAt).isEqualTo(T0.plusHours(5).toInstant());
        assertThat(watch.estimatedDelivery).isEqualTo(java.time.LocalDate.of(2026, 12, 1));
        assertThat(watch.promisedDelivery).isEqualTo(java.time.LocalDate.of(2026, 12, 1));

        detector.run(Instant.parse("2026-11-26T15:30:00Z")); // past the cut-off: a moving parcel is no late dispatch
        assertThat(cases(tn)).isEmpty();
    }

    @Test
    void shouldResolveADetectedDelayWhenALateScanShowsTheShipmentHadMovedOnBeforeIt() {
        String tn = confirmedShipment(kafka, T0);
        awaitWatched(tn);
        detector.run(Instant.parse("2026-11-26T15:30:00Z"));
        assertThat(rule(tn, ExceptionCase.Rule.NOT_DISPATCHED)).hasSize(1);
        // the dispatch scan of 10:00 reaches us only now: the parcel was never late
        milestone(kafka, EventType.DISPATCHED, tn, T0.plusHours(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rule(tn, ExceptionCase.Rule.NOT_DISPATCHED))
                .singleElement().satisfies(c -> {
                    assertThat(c.status).isEqualTo(ExceptionCase.Status.RESOLVED);
                    assertThat(c.resolution).isEqualTo("SHIPMENT_MOVED_ON");
                }));
    }

    @Test
    void shouldRaiseOneCaseWhenTwoReplicasRunAtTheSameTime() throws Exception {
        String tn = confirmedShipment(kafka, T0);
        milestone(kafka, EventType.IN_TRANSIT, tn, T0.plusHours(1));
        awaitStatus(tn, "IN_TRANSIT");
        Instant late = T0.toInstant().plus(Duration.ofHours(60));
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<DelayDetector.Run>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(replicas.submit((Callable<DelayDetector.Run>) () -> {
                    start.await();
                    return detector.run(late);
                }));
            }
            start.countDown();
            for (Future<DelayDetector.Run> run : runs) {
                run.get();
            }
        } finally {
            replicas.shutdownNow();
        }
        detector.run(late);
        assertThat(rule(tn, ExceptionCase.Rule.NO_SCAN)).hasSize(1);
    }

    @Test
    void shouldNeitherDetectNorKeepCasesOpenForACancelledOrder() {
        String tn = confirmedShipment(kafka, T0);
        awaitWatched(tn);
        ExceptionTestSupport.exception(kafka, tn, io.trackline.events.data.ExceptionReason.ADDRESS_ISSUE,
                T0.plusMinutes(30));
        ExceptionTestSupport.publish(kafka, io.trackline.events.Events.create(EventType.ORDER_CANCELLED,
                "/test/order-service", tn, T0.plusHours(1), new io.trackline.events.data.OrderCancelled(
                        java.util.UUID.randomUUID().toString(), "Customer changed their mind", "cs-1"),
                java.util.Map.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cases(tn)).isNotEmpty()
                .allMatch(c -> c.status == ExceptionCase.Status.RESOLVED));
        detector.run(Instant.parse("2026-12-05T12:00:00Z"));
        assertThat(cases(tn)).hasSize(1);
    }

    private static List<ExceptionCase> rule(String tn, ExceptionCase.Rule rule) {
        return cases(tn).stream().filter(c -> c.rule == rule).toList();
    }

    private static void awaitStatus(String tn, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> ShipmentWatch.find(tn).map(w -> status.equals(w.status)).orElse(false)));
    }
}
