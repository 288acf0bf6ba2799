package io.trackline.order;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
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
import io.trackline.order.messaging.LifecycleConsumer;
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
 * A shipment's whole lifecycle delivered to the order consumer in many random orders, with duplicates and batches
 * of any size, ends as the in-order run does: the same order state, history and exceptions, and the same messages
 * published, none extra. Seeded: the log names the seed, {@code -Dproperty.seed=<seed>} replays the run.
 */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class ArrivalOrderPropertyTest {

    /** Shuffled runs, each with a fresh order and shipment. */
    static final int PERMUTATIONS = 40;
    private static final Logger LOG = Logger.getLogger(ArrivalOrderPropertyTest.class);
    /** Some days ago, so that no event is from the future. */
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusDays(4)
            .truncatedTo(ChronoUnit.SECONDS);
    private static KafkaTestClient kafka;

    @Inject
    LifecycleConsumer consumer;

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
    void shouldEndInTheSameStateWithTheSameMessagesWhateverTheArrivalOrder() {
        long seed = ArrivalOrders.seed();
        LOG.infof("arrival orders: seed %d (replay with -D%s=%d)", seed, ArrivalOrders.SEED_PROPERTY, seed);
        Random random = new Random(seed);

        Response inOrderOrder = OrderApi.confirmNew();
        String inOrder = inOrderOrder.path("trackingNumber");
        deliver(ArrivalOrders.inOrder(lifecycle(inOrder, inOrderOrder.path("id"))));
        Outcome expected = outcome(inOrder);
        assertThat(expected.status()).isEqualTo("CLOSED");
        assertThat(expected.exceptions()).containsExactly("WEATHER raised " + T0.plusHours(22).toInstant()
                + " resolved " + T0.plusHours(30).plusMinutes(1).toInstant());

        Map<String, String> shuffled = new LinkedHashMap<>();
        for (int run = 0; run < PERMUTATIONS; run++) {
            Response order = OrderApi.confirmNew();
            String tn = order.path("trackingNumber");
            List<List<CloudEvent>> batches = ArrivalOrders.shuffled(lifecycle(tn, order.path("id")), random, 4);
            shuffled.put(tn, "run " + run + " of seed " + seed + ": " + ArrivalOrders.describe(batches));
            deliver(batches);
        }
        for (Map.Entry<String, String> run : shuffled.entrySet()) {
            assertThat(outcome(run.getKey())).as(run.getValue()).isEqualTo(expected);
        }

        List<String> all = new ArrayList<>(shuffled.keySet());
        all.add(inOrder);
        Map<String, List<String>> messages = messages(all, expected.messages().size() * all.size());
        assertThat(messages.get(inOrder)).containsExactly("OrderClosed ACCEPTED_BY_CUSTOMER by system");
        for (Map.Entry<String, String> run : shuffled.entrySet()) {
            assertThat(messages.getOrDefault(run.getKey(), List.of())).as(run.getValue())
                    .containsExactlyInAnyOrderElementsOf(messages.get(inOrder));
        }
    }

    /**
     * Confirmation, dispatch, two scans, a weather exception with a new date, its resolution, out for delivery, the
     * carrier's delivery scan, the proof of delivery a little later, and the customer's feedback.
     */
    private static List<CloudEvent> lifecycle(String tn, String orderId) {
        LocalDate promised = T0.toLocalDate().plusDays(3);
        Milestone scan = new Milestone(new Location("Hub", "Utrecht", "NL", null, null), "acme", "SCAN", null, null,
                null, null, null);
        CloudEvent raised = event(EventType.EXCEPTION_RAISED, "/carrier/acme", tn, T0.plusHours(22),
                new ExceptionRaised(null, ExceptionReason.WEATHER, ExceptionSource.REPORTED, "Storm at the hub",
                        "WX", null, promised.plusDays(2), List.of()));
        return List.of(
                event(EventType.ORDER_CONFIRMED, "/trackline/order-service", tn, T0, new OrderConfirmed(orderId,
                        "WEB-" + tn, "webshop", "STANDARD", new Customer("Ada", "ada@example.com", null, "en",
                        "Europe/Amsterdam"), new Destination("Amsterdam", "1012 LG", "NL"),
                        List.of(new Item("TEA-POT", "Teapot", 2)), tn, "http://localhost/track/" + tn, promised)),
                event(EventType.DISPATCHED, "/carrier/acme", tn, T0.plusHours(2), scan),
                event(EventType.IN_TRANSIT, "/carrier/acme", tn, T0.plusHours(6), scan),
                event(EventType.IN_TRANSIT, "/carrier/acme", tn, T0.plusHours(20), scan),
                raised,
                event(EventType.OUT_FOR_DELIVERY, "/carrier/acme", tn, T0.plusHours(30), scan),
                event(EventType.EXCEPTION_RESOLVED, "/trackline/exception-service", tn,
                        T0.plusHours(30).plusMinutes(1), new ExceptionResolved(UUID.randomUUID().toString(),
                                raised.id(), ExceptionResolved.Resolution.SHIPMENT_MOVED_ON, "moved on", "system")),
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

    /** What the order ends as; times of the service's own clock only as whether they are set. */
    record Outcome(String status, Instant deliveredAt, boolean accepted, String closeReason, List<String> history,
            List<String> exceptions, List<String> messages) {
    }

    private Outcome outcome(String tn) {
        return QuarkusTransaction.requiringNew().call(() -> {
            CustomerOrder order = CustomerOrder.findByTrackingNumber(tn).orElseThrow();
            List<String> history = OrderHistory.<OrderHistory>list("orderId", order.id).stream()
                    .map(h -> h.action + " by " + h.actor + (h.note == null ? "" : ": " + h.note.replace(tn, "<tn>")))
                    .sorted().toList();
            List<String> exceptions = OrderException.<OrderException>list("trackingNumber", tn).stream()
                    .map(e -> e.reason + " raised " + e.raisedAt + " resolved " + e.resolvedAt).sorted().toList();
            // closing publishes one message per order: its count stands in here, the content is compared below
            List<String> published = order.closedAt == null ? List.of() : List.of("OrderClosed");
            return new Outcome(order.status.name(), order.deliveredAt, order.acceptedAt != null, order.closeReason,
                    history, exceptions, published);
        });
    }

    /** What order-service published for these shipments besides their confirmation, once its outbox is empty. */
    private Map<String, List<String>> messages(List<String> tns, int expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) entityManager.createNativeQuery("SELECT count(*) FROM outbox").getSingleResult())
                        .longValue() == 0));
        // one more than expected: waits the whole time, so that an extra message shows
        List<ConsumerRecord<String, String>> records = kafka.await(Topics.SHIPMENT_LIFECYCLE,
                r -> tns.contains(r.key()) && r.value().contains("/trackline/order-service")
                        && !r.value().contains("\"OrderConfirmed\""), expected + 1, Duration.ofSeconds(5));
        Map<String, List<String>> byShipment = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            CloudEvent event = EventCodec.fromJson(record.value());
            if (!event.source().equals("/trackline/order-service")) {
                continue;
            }
            byShipment.computeIfAbsent(event.subject(), tn -> new ArrayList<>()).add(event.type() + " "
                    + event.data().path("reason").asText() + " by " + event.data().path("closedBy").asText());
        }
        return byShipment;
    }
}
