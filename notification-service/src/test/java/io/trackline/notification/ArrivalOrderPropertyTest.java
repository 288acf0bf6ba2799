package io.trackline.notification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionSource;
import io.trackline.notification.planning.NotificationIntake;
import io.trackline.platform.security.TrackingLinks;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.trackline.notification.ArrivalOrderTest.callTasks;
import static io.trackline.notification.CustomerMessagesTest.notifications;
import static io.trackline.notification.NotificationTestData.confirmed;
import static io.trackline.notification.NotificationTestData.etaUpdated;
import static io.trackline.notification.NotificationTestData.exception;
import static io.trackline.notification.NotificationTestData.feedback;
import static io.trackline.notification.NotificationTestData.milestone;
import static io.trackline.notification.NotificationTestData.person;
import static io.trackline.notification.NotificationTestData.proofOfDelivery;
import static io.trackline.notification.NotificationTestData.resolved;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shipment's full lifecycle delivered to the consumer's entry point in many seeded random orders, with random
 * duplicates and random batch sizes, against the real database, compared with the in-order run. Replay a failure
 * with {@code -Dproperty.seed=<the seed in the log and the failure message>}.
 * <p>
 * What must be the same whatever the order: the end state (shipment state, the newest estimate, nothing left
 * waiting) and the set of messages decided, one row per (event type, channel, recipient, purpose), none extra. What
 * may differ, by design: a customer message the in-order run sent can be SKIPPED when a later event that overtakes
 * it (by occurrence time) arrived first, with the reason; never the other way round. The sender is off in this
 * test, so a row's status is the planner's decision alone (the feedback request would otherwise race the feedback).
 */
@QuarkusTest
@TestProfile(ArrivalOrderPropertyTest.PlanningOnly.class)
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "notification"), scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailAndSmsSinks.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ArrivalOrderPropertyTest {

    static final int PERMUTATIONS = 30;
    static final long SEED = Long.getLong("property.seed", System.nanoTime());

    private static final Logger LOG = Logger.getLogger(ArrivalOrderPropertyTest.class);
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(4)
            .truncatedTo(ChronoUnit.MILLIS);
    private static final LocalDate REVISED = LocalDate.of(2026, 12, 4);

    /** The sender stays off: the rows show what the planner decided. */
    public static class PlanningOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trackline.notification.sender.enabled", "false");
        }
    }

    @Inject
    NotificationIntake intake;

    @Inject
    TrackingLinks trackingLinks;

    @Test
    void shouldDecideTheSameMessagesAndEndStateWhateverTheArrivalOrderAndDuplicates() {
        LOG.infof("arrival order property: seed %d (replay with -Dproperty.seed=%d)", SEED, SEED);
        String inOrderTn = TrackingNumbers.generate("TL", "NL");
        for (CloudEvent event : lifecycle(inOrderTn)) {
            EventBatch.deliver(intake, event);
        }
        Outcome expected = outcome(inOrderTn);
        assertInOrderRunIsRight(expected, inOrderTn);

        Random random = new Random(SEED);
        for (int run = 0; run < PERMUTATIONS; run++) {
            String tn = TrackingNumbers.generate("TL", "NL");
            List<CloudEvent> lifecycle = lifecycle(tn);
            List<CloudEvent> arrival = shuffledWithDuplicates(lifecycle, random);
            String order = arrival.stream().map(e -> e.type() + "@" + minutes(e)).collect(Collectors.joining(", "));
            String why = "seed " + SEED + ", run " + run + ", arrival " + order;
            for (List<CloudEvent> batch : batches(arrival, random)) {
                EventBatch.deliver(intake, batch);
            }
            Outcome actual = outcome(tn);
            assertThat(actual.state()).as(why).isEqualTo(expected.state());
            assertThat(actual.decided()).as("the messages decided, " + why).isEqualTo(expected.decided());
            assertThat(actual.goingOut()).as("the messages going out, " + why)
                    .isEqualTo(withoutOvertaken(expected.goingOut(), lifecycle, arrival));
            assertThat(actual.skipReasons()).as("every skip has a reason of arrival order, " + why)
                    .allSatisfy(ArrivalOrderPropertyTest::isArrivalOrderReason);
            assertAlwaysTold(actual, why);
            assertThat(callTasks(tn)).as("call tasks, " + why).hasSize(actual.goingOut()
                    .getOrDefault("ExceptionRaised/PHONE/CUSTOMER/EVENT", 0L).intValue());
        }
    }

    /** The lifecycle by occurrence time: minutes after T0. */
    private List<CloudEvent> lifecycle(String tn) {
        CloudEvent raised = exception(tn, at(70), ExceptionReason.WEATHER, ExceptionSource.REPORTED, REVISED,
                List.of("We deliver when the storm has passed"));
        return List.of(
                confirmed(tn, person("en"), trackingLinks.link(tn), at(0)),
                milestone(EventType.DISPATCHED, tn, at(10), null),
                milestone(EventType.IN_TRANSIT, tn, at(30), null),
                milestone(EventType.IN_TRANSIT, tn, at(60), null),
                raised,
                etaUpdated(raised, at(71), NotificationTestData.FIRST_ESTIMATE, REVISED),
                resolved(raised, at(90)),
                milestone(EventType.OUT_FOR_DELIVERY, tn, at(120), null),
                milestone(EventType.DELIVERED, tn, at(150), null),
                proofOfDelivery(tn, at(152)),
                feedback(tn, at(170)));
    }

    /** The in-order run is the reference: it must itself be right (one delivery message, no feedback request). */
    private void assertInOrderRunIsRight(Outcome inOrder, String tn) {
        assertThat(inOrder.goingOut()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("OrderConfirmed/EMAIL/CUSTOMER/EVENT", 1L),
                Map.entry("OrderConfirmed/SMS/CUSTOMER/EVENT", 1L),
                Map.entry("Dispatched/EMAIL/CUSTOMER/EVENT", 1L), Map.entry("Dispatched/SMS/CUSTOMER/EVENT", 1L),
                Map.entry("InTransit/INTERNAL_WEBHOOK/INTERNAL_TEAMS/EVENT", 2L),
                Map.entry("ExceptionRaised/EMAIL/CUSTOMER/EVENT", 1L),
                Map.entry("ExceptionRaised/PHONE/CUSTOMER/EVENT", 1L),
                Map.entry("ExceptionRaised/EMAIL/MANAGEMENT/EVENT", 1L),
                Map.entry("EtaUpdated/EMAIL/CUSTOMER/EVENT", 1L),
                Map.entry("OutForDelivery/EMAIL/CUSTOMER/EVENT", 1L),
                Map.entry("OutForDelivery/SMS/CUSTOMER/EVENT", 1L),
                Map.entry("Delivered/EMAIL/CUSTOMER/EVENT", 1L), Map.entry("Delivered/SMS/CUSTOMER/EVENT", 1L)));
        assertThat(inOrder.skipReasons()).containsExactlyInAnyOrder(ShipmentState.ANNOUNCED_ALREADY,
                ShipmentState.ANNOUNCED_ALREADY, ShipmentState.FEEDBACK_GIVEN);
        assertThat(callTasks(tn)).hasSize(1);
    }

    /** Told whatever the order: the order, the delivery once, staff about the exception and the scans. */
    private static void assertAlwaysTold(Outcome outcome, String why) {
        for (String key : List.of("OrderConfirmed/EMAIL/CUSTOMER/EVENT", "OrderConfirmed/SMS/CUSTOMER/EVENT",
                "Delivered/EMAIL/CUSTOMER/EVENT", "Delivered/SMS/CUSTOMER/EVENT",
                "ExceptionRaised/EMAIL/MANAGEMENT/EVENT")) {
            assertThat(outcome.goingOut().get(key)).as(key + ", " + why).isEqualTo(1L);
        }
        assertThat(outcome.goingOut().get("InTransit/INTERNAL_WEBHOOK/INTERNAL_TEAMS/EVENT")).as(why).isEqualTo(2L);
        assertThat(outcome.goingOut()).as("no feedback request after feedback, " + why)
                .doesNotContainKey("Delivered/EMAIL/CUSTOMER/FEEDBACK_REQUEST");
    }

    /**
     * The in-order run's messages less those overtaken by what had arrived when they were decided: an event is
     * decided when it arrives, or when its OrderConfirmed does if it came before it (it waited for the contact).
     * Indices are the lifecycle's: 0 OrderConfirmed, 1 Dispatched, 4 ExceptionRaised, 5 EtaUpdated,
     * 6 ExceptionResolved, 7 OutForDelivery, 8 and 9 Delivered (scan, proof).
     */
    private static Map<String, Long> withoutOvertaken(Map<String, Long> inOrder, List<CloudEvent> lifecycle,
            List<CloudEvent> arrival) {
        List<String> firstArrivals = arrival.stream().map(CloudEvent::id).distinct().toList();
        List<String> ids = lifecycle.stream().map(CloudEvent::id).toList();
        Function<Integer, Integer> decided = event -> Math.max(firstArrivals.indexOf(ids.get(event)),
                firstArrivals.indexOf(ids.get(0)));
        BiPredicate<Integer, List<Integer>> knownBefore = (event, others) -> others.stream()
                .anyMatch(other -> firstArrivals.indexOf(ids.get(other)) < decided.apply(event));
        Map<String, Long> expected = new TreeMap<>(inOrder);
        if (knownBefore.test(1, List.of(7, 8, 9))) {
            expected.remove("Dispatched/EMAIL/CUSTOMER/EVENT");
            expected.remove("Dispatched/SMS/CUSTOMER/EVENT");
        }
        if (knownBefore.test(4, List.of(6, 7, 8, 9))) {
            expected.remove("ExceptionRaised/EMAIL/CUSTOMER/EVENT");
            expected.remove("ExceptionRaised/PHONE/CUSTOMER/EVENT");
        }
        if (knownBefore.test(5, List.of(8, 9))) {
            expected.remove("EtaUpdated/EMAIL/CUSTOMER/EVENT");
        }
        if (knownBefore.test(7, List.of(8, 9))) {
            expected.remove("OutForDelivery/EMAIL/CUSTOMER/EVENT");
            expected.remove("OutForDelivery/SMS/CUSTOMER/EVENT");
        }
        return expected;
    }

    private static boolean isArrivalOrderReason(String reason) {
        return reason.startsWith(ShipmentState.OVERTAKEN_BY) || List.of(ShipmentState.DELIVERED_ALREADY,
                ShipmentState.ANNOUNCED_ALREADY, ShipmentState.RESOLVED_ALREADY, ShipmentState.FEEDBACK_GIVEN)
                .contains(reason);
    }

    /**
     * What a run left: the rows decided per (event type, channel, recipient kind, purpose) with how many go out
     * (PENDING, or SENT for a call task), the reasons of the skipped, and the end state with times as minutes after
     * T0 (tracking numbers and event ids differ per run).
     */
    record Outcome(Map<String, Long> decided, Map<String, Long> goingOut, List<String> skipReasons,
            Map<String, Object> state) {
    }

    private static Outcome outcome(String tn) {
        List<Map<String, String>> rows = notifications(tn).getList("$");
        Function<Map<String, String>, String> key = row -> row.get("eventType") + "/" + row.get("channel") + "/"
                + row.get("recipientKind") + "/" + row.get("purpose");
        Map<String, Long> decided = rows.stream().collect(Collectors.groupingBy(key, TreeMap::new,
                Collectors.counting()));
        Map<String, Long> goingOut = rows.stream().filter(row -> !"SKIPPED".equals(row.get("status")))
                .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        List<String> skipReasons = rows.stream().filter(row -> "SKIPPED".equals(row.get("status")))
                .map(row -> row.get("detail")).toList();
        Map<String, Object> state = QuarkusTransaction.requiringNew().call(() -> {
            ShipmentState shipment = ShipmentState.findById(tn);
            CustomerContact contact = CustomerContact.findById(tn);
            Map<String, Object> end = new TreeMap<>();
            end.put("latestMilestone", shipment.latestMilestone);
            end.put("latestMilestoneAt", minutes(shipment.latestMilestoneAt));
            end.put("deliveredAt", minutes(shipment.deliveredAt));
            end.put("deliveryAnnounced", shipment.deliveryAnnouncedBy != null);
            end.put("feedbackReceived", shipment.feedbackReceived);
            end.put("resolvedExceptions", shipment.resolvedExceptions.size());
            end.put("estimatedDelivery", contact.estimatedDelivery);
            end.put("estimateAt", minutes(contact.estimateAt));
            end.put("waiting", WaitingEvent.count("trackingNumber", tn));
            return end;
        });
        return new Outcome(decided, goingOut, skipReasons, state);
    }

    /** A random order with about one event in four delivered twice (a redelivery, at a random later place). */
    private static List<CloudEvent> shuffledWithDuplicates(List<CloudEvent> lifecycle, Random random) {
        List<CloudEvent> arrival = new ArrayList<>(lifecycle);
        Collections.shuffle(arrival, random);
        for (CloudEvent event : lifecycle) {
            if (random.nextInt(4) == 0) {
                int first = arrival.indexOf(event);
                arrival.add(first + 1 + random.nextInt(arrival.size() - first), event);
            }
        }
        return arrival;
    }

    /** Polls of one to four records: sometimes several events in one transaction, sometimes one. */
    private static List<List<CloudEvent>> batches(List<CloudEvent> arrival, Random random) {
        List<List<CloudEvent>> batches = new ArrayList<>();
        for (int i = 0; i < arrival.size(); ) {
            int size = Math.min(1 + random.nextInt(4), arrival.size() - i);
            batches.add(arrival.subList(i, i + size));
            i += size;
        }
        return batches;
    }

    private static OffsetDateTime at(int minutes) {
        return T0.plusMinutes(minutes);
    }

    private static Long minutes(Instant instant) {
        return instant == null ? null : Duration.between(T0.toInstant(), instant).toMinutes();
    }

    private static long minutes(CloudEvent event) {
        return minutes(event.time().toInstant());
    }
}
