package io.trackline.exception;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Customer;
import io.trackline.events.data.Destination;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.FeedbackReceived;
import io.trackline.events.data.Item;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.exception.messaging.LifecycleConsumer;
import io.trackline.exception.service.CaseService;
import io.trackline.exception.service.DelayDetector;
import io.trackline.testing.ArrivalOrders;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A shipment's whole lifecycle delivered to exception-service in many random orders, with duplicates and batches of
 * any size, ends as the in-order run does: the same watch, the same cases and escalations, and the same events
 * published, none extra, also after delay detection has run. Seeded: the log names the seed,
 * {@code -Dproperty.seed=<seed>} replays the run.
 */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "exception"), scope = TestResourceScope.MATCHING_RESOURCES)
class ArrivalOrderPropertyTest {

    /** Shuffled runs, each with a fresh shipment. */
    static final int PERMUTATIONS = 40;
    private static final Logger LOG = Logger.getLogger(ArrivalOrderPropertyTest.class);
    /**
     * Ten days ago: the promised date has passed, so a watch left behind (still confirmed, or with a case left
     * open) is found by detection and escalation; and no event is from the future.
     */
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(10)
            .truncatedTo(ChronoUnit.SECONDS);
    private static final LocalDate PROMISED = T0.toLocalDate().plusDays(3);
    /** The carrier's new date: more than two business days after the promise, so the case escalates. */
    private static final LocalDate REVISED = PROMISED.plusDays(7);
    private static KafkaTestClient kafka;

    @Inject
    LifecycleConsumer consumer;

    @Inject
    DelayDetector detector;

    @Inject
    EntityManager entityManager;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldEndWithTheSameWatchCasesAndMessagesWhateverTheArrivalOrder() {
        long seed = ArrivalOrders.seed();
        LOG.infof("arrival orders: seed %d (replay with -D%s=%d)", seed, ArrivalOrders.SEED_PROPERTY, seed);
        Random random = new Random(seed);

        String inOrder = TrackingNumbers.generate("TL", "NL");
        deliver(ArrivalOrders.inOrder(lifecycle(inOrder)));
        Map<String, String> shuffled = new LinkedHashMap<>();
        for (int run = 0; run < PERMUTATIONS; run++) {
            String tn = TrackingNumbers.generate("TL", "NL");
            List<List<CloudEvent>> batches = ArrivalOrders.shuffled(lifecycle(tn), random, 4);
            shuffled.put(tn, "run " + run + " of seed " + seed + ": " + ArrivalOrders.describe(batches));
            deliver(batches);
        }
        // what the scheduler would do next: nothing, for delivered shipments whose cases are resolved
        detector.run(Instant.now());

        Outcome expected = outcome(inOrder);
        assertThat(expected.watch()).isEqualTo("DELIVERED at " + T0.plusHours(34).toInstant() + ", last scan "
                + T0.plusHours(34).plusMinutes(5).toInstant() + ", out for delivery " + T0.plusHours(30).toInstant()
                + ", estimate " + REVISED + ", promised " + PROMISED + ", confirmed " + T0.toInstant()
                + ", order known true");
        assertThat(expected.cases()).containsExactly("WEATHER REPORTED RESOLVED SHIPMENT_MOVED_ON opened "
                + T0.plusHours(22).toInstant() + " eta " + REVISED + " level 1 order known true");
        for (Map.Entry<String, String> run : shuffled.entrySet()) {
            assertThat(outcome(run.getKey())).as(run.getValue()).isEqualTo(expected);
        }

        List<String> all = new ArrayList<>(shuffled.keySet());
        all.add(inOrder);
        Map<String, List<String>> messages = messages(all, 3 * all.size());
        assertThat(messages.get(inOrder)).containsExactlyInAnyOrder(
                "EtaUpdated " + REVISED + " WEATHER for the exception, informed false",
                "EscalationRaised level 1 LATE_BEYOND_PROMISE WEATHER for the exception",
                "ExceptionResolved SHIPMENT_MOVED_ON for the exception");
        for (Map.Entry<String, String> run : shuffled.entrySet()) {
            assertThat(messages.getOrDefault(run.getKey(), List.of())).as(run.getValue())
                    .containsExactlyInAnyOrderElementsOf(messages.get(inOrder));
        }
    }

    /**
     * Confirmation, dispatch, two scans, a weather exception with the carrier's new date, its resolution, out for
     * delivery, the carrier's delivery scan, the proof of delivery a little later, and the customer's feedback.
     */
    private static List<CloudEvent> lifecycle(String tn) {
        Milestone scan = new Milestone(new Location("Hub", "Utrecht", "NL", null, null), "acme", "SCAN", null, null,
                null, null, null);
        CloudEvent raised = event(EventType.EXCEPTION_RAISED, "/carrier/acme", tn, T0.plusHours(22),
                new ExceptionRaised(null, ExceptionReason.WEATHER, ExceptionSource.REPORTED, "Storm at the hub",
                        "WX", null, REVISED, List.of()));
        return List.of(
                event(EventType.ORDER_CONFIRMED, "/trackline/order-service", tn, T0, new OrderConfirmed(
                        UUID.randomUUID().toString(), "WEB-" + tn, "webshop", "STANDARD", new Customer("Ada",
                        "ada@example.com", null, "en", "Europe/Amsterdam"), new Destination("Amsterdam", "1012 LG",
                        "NL"), List.of(new Item("TEA-POT", "Teapot", 2)), tn, "http://localhost/track/" + tn,
                        PROMISED)),
                event(EventType.DISPATCHED, "/carrier/acme", tn, T0.plusHours(2), scan),
                event(EventType.IN_TRANSIT, "/carrier/acme", tn, T0.plusHours(6), scan),
                event(EventType.IN_TRANSIT, "/carrier/acme", tn, T0.plusHours(20), scan),
                raised,
                event(EventType.OUT_FOR_DELIVERY, "/carrier/acme", tn, T0.plusHours(30), scan),
                // as exception-service itself publishes it; it takes no part in its own decisions
                event(EventType.EXCEPTION_RESOLVED, CaseService.EVENT_SOURCE, tn, T0.plusHours(30).plusMinutes(1),
                        new ExceptionResolved(UUID.randomUUID().toString(), raised.id(),
                                ExceptionResolved.Resolution.SHIPMENT_MOVED_ON, "moved on", "system")),
                event(EventType.DELIVERED, "/carrier/acme", tn, T0.plusHours(34), new Milestone(null, "acme",
                        "DLV", "Delivered", null, null, "A. Lovelace", null)),
                event(EventType.DELIVERED, "/trackline/tracking-service", tn, T0.plusHours(34).plusMinutes(5),
                        new Milestone(null, null, null, "Proof of delivery", null, UUID.randomUUID().toString(),
                                "A. Lovelace", "driver-7")),
                event(EventType.FEEDBACK_RECEIVED, "/trackline/tracking-service", tn, T0.plusHours(40),
                        new FeedbackReceived(5, "Thanks", true)));
    }

    private static CloudEvent event(EventType type, String source, String tn, OffsetDateTime time, Object data) {
        return Events.create(type, source, tn, time, data, Map.of());
    }

    /** Through the consumer's own entry point, batch by batch, as the connector hands polls over. */
    private void deliver(List<List<CloudEvent>> batches) {
        batches.forEach(batch -> consumer.consume(ArrivalOrders.records(batch)));
    }

    /** The watch, the cases with their escalations; ids and times of the service's own clock left out. */
    record Outcome(String watch, List<String> cases) {
    }

    private Outcome outcome(String tn) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ShipmentWatch w = ShipmentWatch.find(tn).orElseThrow();
            String watch = w.status + " at " + w.statusAt + ", last scan " + w.lastScanAt + ", out for delivery "
                    + w.outForDeliveryAt + ", estimate " + w.estimatedDelivery + ", promised " + w.promisedDelivery
                    + ", confirmed " + w.confirmedAt + ", order known " + (w.orderId != null);
            List<String> cases = ExceptionCase.<ExceptionCase>list("trackingNumber", tn).stream()
                    .map(c -> c.reason + " " + c.source + " " + c.status + " " + c.resolution + " opened "
                            + c.openedAt + " eta " + c.revisedEta + " level " + c.escalationLevel
                            + " order known " + (c.orderId != null))
                    .sorted().toList();
            return new Outcome(watch, cases);
        });
    }

    /** What exception-service published for these shipments, each valid, once its outbox is empty. */
    private Map<String, List<String>> messages(List<String> tns, int expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) entityManager.createNativeQuery("SELECT count(*) FROM outbox").getSingleResult())
                        .longValue() == 0));
        // one more than expected: waits the whole time, so that an extra message shows
        List<ConsumerRecord<String, String>> records = kafka.await(Topics.SHIPMENT_LIFECYCLE,
                r -> tns.contains(r.key()) && r.value().contains(CaseService.EVENT_SOURCE), expected + 1,
                Duration.ofSeconds(5));
        Map<String, List<String>> byShipment = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            CloudEvent event = EventCodec.fromJson(record.value());
            if (!event.source().equals(CaseService.EVENT_SOURCE)) {
                continue;
            }
            assertThat(EventValidator.instance().problems(event)).as(event.type()).isEmpty();
            byShipment.computeIfAbsent(event.subject(), tn -> new ArrayList<>()).add(normalised(event));
        }
        return byShipment;
    }

    /** The message without ids, notes and the service's own times; the previous date depends on what came first. */
    private static String normalised(CloudEvent event) {
        JsonNode data = event.data();
        String exception = data.path("raisedEventId").asText().isEmpty() ? "" : " for the exception";
        return switch (EventType.fromTypeName(event.type()).orElseThrow()) {
            case ETA_UPDATED -> "EtaUpdated " + data.path("estimatedDelivery").asText() + " "
                    + data.path("reason").asText() + exception + ", informed " + data.path("customerInformed").asText();
            case ESCALATION_RAISED -> "EscalationRaised level " + data.path("level").asText() + " "
                    + data.path("trigger").asText() + " " + data.path("reason").asText() + exception;
            case EXCEPTION_RESOLVED -> "ExceptionResolved " + data.path("resolution").asText() + exception;
            case EXCEPTION_RAISED -> "ExceptionRaised " + data.path("reason").asText() + " "
                    + data.path("description").asText();
            default -> event.type();
        };
    }
}
