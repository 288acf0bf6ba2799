package io.trackline.tracking;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.FeedbackReceived;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.testing.ArrivalOrders;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import io.trackline.tracking.messaging.LifecycleConsumer;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projection is order-independent: a shipment's full lifecycle delivered in random orders, with random
 * duplicates, in batches of random sizes, ends in the state of the in-order run. Seeded: a failure names the seed
 * of its permutation, and {@code -Dproperty.seed=<seed>} replays that one permutation.
 */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "tracking"), scope = TestResourceScope.MATCHING_RESOURCES)
class ProjectionOrderPropertyTest {

    private static final Logger LOG = Logger.getLogger(ProjectionOrderPropertyTest.class);
    private static final int PERMUTATIONS = 30;
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-20T08:00:00Z");

    @Inject
    LifecycleConsumer consumer;

    @Test
    void shouldEndInTheStateOfTheInOrderRunWhateverTheOrderBatchesAndDuplicates() {
        Lifecycle inOrder = new Lifecycle(TrackingNumbers.generate("TL", "NL"));
        inOrder.events.forEach(event -> project(List.of(event)));
        EndState expected = endState(inOrder);
        assertThat(expected.status()).isEqualTo("DELIVERED");

        String given = System.getProperty("property.seed");
        long base = given == null ? new Random().nextLong() : Long.parseLong(given);
        int runs = given == null ? PERMUTATIONS : 1;
        LOG.infof("order property: %d permutation(s) from seed %d (replay one with -Dproperty.seed=<its seed>)", runs,
                base);
        for (int i = 0; i < runs; i++) {
            long seed = base + i;
            Random random = new Random(seed);
            Lifecycle lifecycle = new Lifecycle(TrackingNumbers.generate("TL", "NL"));
            List<List<CloudEvent>> batches = batches(shuffledWithDuplicates(lifecycle.events, random), random);
            batches.forEach(this::project);
            assertThat(endState(lifecycle)).as("seed %d, batches %s", seed, lifecycle.describe(batches))
                    .isEqualTo(expected);
        }
    }

    /** Every event in a random place, some of them twice. */
    private static List<CloudEvent> shuffledWithDuplicates(List<CloudEvent> events, Random random) {
        List<CloudEvent> arrivals = new ArrayList<>(events);
        for (CloudEvent event : events) {
            if (random.nextInt(4) == 0) {
                arrivals.add(event);
            }
        }
        Collections.shuffle(arrivals, random);
        return arrivals;
    }

    /** Sometimes one event per batch, sometimes several. */
    private static List<List<CloudEvent>> batches(List<CloudEvent> arrivals, Random random) {
        List<List<CloudEvent>> batches = new ArrayList<>();
        int at = 0;
        while (at < arrivals.size()) {
            int size = random.nextBoolean() ? 1 : 1 + random.nextInt(4);
            batches.add(List.copyOf(arrivals.subList(at, Math.min(arrivals.size(), at + size))));
            at += size;
        }
        return batches;
    }

    /** One batch as the consumer runs it (one poll): prefetch, then every event, in one transaction. */
    private void project(List<CloudEvent> batch) {
        consumer.consume(ArrivalOrders.records(batch));
    }

    /** What the ops API shows of the shipment, with the run's own ids replaced by their role in the lifecycle. */
    private static EndState endState(Lifecycle lifecycle) {
        JsonPath view = given().header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + lifecycle.trackingNumber)
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> timeline = view.getList("timeline");
        return new EndState(view.getString("status"), view.getString("statusAt"),
                view.getString("estimatedDelivery"), view.getString("lastLocation"),
                lifecycle.role(view.getString("exception.eventId")), view.getString("exception.reason"),
                view.getString("exception.resolutionSteps"), view.getString("exception.since"),
                view.getString("delivery.deliveredAt"), view.getString("delivery.recipientName"),
                lifecycle.role(view.getString("delivery.proofOfDeliveryId")),
                timeline.stream().map(entry -> entry.get("type") + "@" + entry.get("occurredAt")).toList());
    }

    record EndState(String status, String statusAt, String eta, String lastLocation, String exception,
            String exceptionReason, String exceptionSteps, String exceptionSince, String deliveredAt,
            String recipientName, String proof, List<String> timeline) {
    }

    /**
     * A full lifecycle of one shipment, as its producers publish it: confirmation, milestones with their ETAs, a
     * weather exception with a revised ETA and exception-service's update, its resolution, the carrier's scan of
     * the delivery, the proof of delivery a little later, and the customer's feedback.
     */
    static final class Lifecycle {

        final String trackingNumber;
        final List<CloudEvent> events = new ArrayList<>();
        private final Map<String, String> roles = new HashMap<>();

        Lifecycle(String tn) {
            trackingNumber = tn;
            String proofId = UUID.randomUUID().toString();
            roles.put(proofId, "proof of delivery");
            add("OrderConfirmed", TrackingTestData.confirmed(tn, T0));
            add("Dispatched", milestone(EventType.DISPATCHED, 1, "DC Tilburg", LocalDate.of(2026, 12, 1)));
            add("InTransit 1", milestone(EventType.IN_TRANSIT, 5, "Hub Utrecht", null));
            add("InTransit 2", milestone(EventType.IN_TRANSIT, 9, "Hub Amsterdam", LocalDate.of(2026, 12, 2)));
            CloudEvent raised = Events.create(EventType.EXCEPTION_RAISED, "/test/carrier", tn, T0.plusHours(10),
                    new ExceptionRaised(null, ExceptionReason.WEATHER, ExceptionSource.REPORTED, "Storm",
                            "WX", new Location("Hub Amsterdam", "Amsterdam", "NL", null, null),
                            LocalDate.of(2026, 12, 3), List.of("Nothing to do")), Map.of());
            add("ExceptionRaised", raised);
            add("EtaUpdated", Events.create(EventType.ETA_UPDATED, "/trackline/exception-service", tn,
                    T0.plusHours(11), new EtaUpdated("case-1", raised.id(), LocalDate.of(2026, 12, 2),
                            LocalDate.of(2026, 12, 4), ExceptionReason.WEATHER, List.of("Wait for the storm"),
                            "system", true), Map.of()));
            add("ExceptionResolved", Events.create(EventType.EXCEPTION_RESOLVED, "/trackline/exception-service", tn,
                    T0.plusHours(20), new ExceptionResolved("case-1", raised.id(),
                            ExceptionResolved.Resolution.SHIPMENT_MOVED_ON, null, "system"), Map.of()));
            add("OutForDelivery", milestone(EventType.OUT_FOR_DELIVERY, 24, "Depot Amsterdam", null));
            add("Delivered (scan)", Events.create(EventType.DELIVERED, "/test/carrier", tn, T0.plusHours(28),
                    new Milestone(new Location(null, "Amsterdam", "NL", null, null), "ACME", "DLV", null, null,
                            null, null, null), Map.of()));
            add("Delivered (proof)", Events.create(EventType.DELIVERED,
                    "/trackline/tracking-service/proof-of-delivery", tn, T0.plusHours(28).plusMinutes(5),
                    new Milestone(null, null, null, null, null, proofId, "J. Smith", "driver-7"), Map.of()));
            add("FeedbackReceived", Events.create(EventType.FEEDBACK_RECEIVED, "/trackline/tracking-service/customer",
                    tn, T0.plusHours(30), new FeedbackReceived(5, "Fine", true), Map.of()));
        }

        private CloudEvent milestone(EventType type, int hours, String facility, LocalDate eta) {
            return Events.create(type, "/test/carrier", trackingNumber, T0.plusHours(hours),
                    new Milestone(new Location(facility, null, "NL", null, null), "ACME", null, null, eta, null,
                            null, null), Map.of());
        }

        private void add(String role, CloudEvent event) {
            roles.put(event.id(), role);
            events.add(event);
        }

        String role(String id) {
            return id == null ? null : roles.getOrDefault(id, "unknown id " + id);
        }

        String describe(List<List<CloudEvent>> batches) {
            return batches.stream().map(batch -> batch.stream().map(e -> roles.get(e.id()))
                    .collect(Collectors.joining(", ", "[", "]"))).collect(Collectors.joining(" "));
        }
    }
}
