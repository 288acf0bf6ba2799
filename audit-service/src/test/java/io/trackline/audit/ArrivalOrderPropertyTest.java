package io.trackline.audit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.audit.messaging.AuditConsumers;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.TrackingNumbers;
import io.trackline.testing.ArrivalOrders;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shipment's full lifecycle reaches audit-service in many seeded random orders, some events twice, in batches of
 * 1 to 4 through the consumer's entry point: the record is the same as in order, each event once, and the shipment's
 * history reads in occurrence order. {@code -Dproperty.seed=<seed>} replays a failing run.
 */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "audit"), scope = TestResourceScope.MATCHING_RESOURCES)
class ArrivalOrderPropertyTest {

    private static final Logger LOG = Logger.getLogger(ArrivalOrderPropertyTest.class);
    private static final int PERMUTATIONS = 20;
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-11-30T08:00:00Z");

    @Inject
    AuditConsumers consumers;

    @Test
    void shouldKeepTheSameRecordWhateverTheArrivalOrder() {
        long seed = ArrivalOrders.seed();
        LOG.infof("seed %d (replay with -D%s=%d)", seed, ArrivalOrders.SEED_PROPERTY, seed);
        Random random = new Random(seed);
        String inOrder = TrackingNumbers.generate("TL", "NL");
        List<CloudEvent> lifecycle = lifecycle(inOrder);
        ArrivalOrders.inOrder(lifecycle).forEach(batch -> consumers.lifecycle(ArrivalOrders.records(batch)));
        List<Map<String, Object>> expected = normalised(records(inOrder));
        assertThat(expected).hasSize(lifecycle.size());
        List<String> expectedHistory = history(inOrder);

        for (int run = 0; run < PERMUTATIONS; run++) {
            String tn = TrackingNumbers.generate("TL", "NL");
            ArrivalOrders.shuffled(lifecycle(tn), random, 4)
                    .forEach(batch -> consumers.lifecycle(ArrivalOrders.records(batch)));
            assertThat(normalised(records(tn))).as("run %d of seed %d", run, seed)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(history(tn)).as("history, run %d of seed %d", run, seed).isEqualTo(expectedHistory);
        }
    }

    /** Confirmation, milestones, an exception and its resolution, the carrier's and the driver's Delivered, feedback. */
    private static List<CloudEvent> lifecycle(String tn) {
        List<CloudEvent> events = new ArrayList<>();
        EventType[] types = {EventType.ORDER_CONFIRMED, EventType.DISPATCHED, EventType.IN_TRANSIT, EventType.IN_TRANSIT,
            EventType.EXCEPTION_RAISED, EventType.EXCEPTION_RESOLVED, EventType.OUT_FOR_DELIVERY, EventType.DELIVERED,
            EventType.DELIVERED, EventType.FEEDBACK_RECEIVED};
        for (int i = 0; i < types.length; i++) {
            events.add(AuditTestSupport.milestone(types[i], tn, "order-" + tn, T0.plusHours(i)));
        }
        return events;
    }

    private static List<Map<String, Object>> records(String tn) {
        return given().header("Authorization", TestTokens.bearer("ops")).queryParam("trackingNumber", tn)
                .when().get("/api/v1/audit/records").then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** What must not depend on the arrival order: type, occurrence time, source, payload. */
    private static List<Map<String, Object>> normalised(List<Map<String, Object>> records) {
        return records.stream().map(r -> Map.<String, Object>of("type", r.get("type"),
                "eventTime", r.get("eventTime"), "source", r.get("source"), "kind", r.get("kind"))).toList();
    }

    private static List<String> history(String tn) {
        return given().header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn + "/history").then().statusCode(200).extract().jsonPath()
                .getList("entries.type", String.class);
    }
}
