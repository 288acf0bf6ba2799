package io.trackline.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trackline.events.data.Communication;
import io.trackline.events.data.Customer;
import io.trackline.events.data.EscalationRaised;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.Destination;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.events.data.FeedbackReceived;
import io.trackline.events.data.OrderCancelled;
import io.trackline.events.data.OrderClosed;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.Item;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventContractTest {

    private static final String TN = "TL" + "12345678" + TrackingNumbers.checkDigit("12345678") + "NL";
    private final EventValidator validator = EventValidator.instance();

    static OrderConfirmed sampleOrder() {
        return new OrderConfirmed(UUID.randomUUID().toString(), "WEB-1001", "webshop", "STANDARD",
                new Customer("Ada Lovelace", "ada@example.com", "+31612345678", "en", "Europe/Amsterdam"),
                new Destination("Amsterdam", "1011 AB", "NL"),
                List.of(new Item("SKU-1", "Teapot", 2)), TN, "https://track.example/track/" + TN + "?t=abc",
                LocalDate.of(2026, 12, 1));
    }

    @Test
    void shouldAcceptEveryTypeBuiltFromItsRecord() {
        Milestone milestone = new Milestone(new Location("Hub A", "Utrecht", "NL", 52.09, 5.12), "ACME", "AF",
                "Arrived at facility", LocalDate.of(2026, 12, 2), null, null, null);
        Map<EventType, Object> data = new java.util.EnumMap<>(EventType.class);
        data.put(EventType.ORDER_CONFIRMED, sampleOrder());
        data.put(EventType.DISPATCHED, milestone);
        data.put(EventType.IN_TRANSIT, milestone);
        data.put(EventType.OUT_FOR_DELIVERY, milestone);
        data.put(EventType.DELIVERED, new Milestone(null, null, null, null, null, "pod-1", "A. Lovelace", null));
        data.put(EventType.EXCEPTION_RAISED, new ExceptionRaised("case-1", ExceptionReason.WEATHER,
                ExceptionSource.REPORTED, "Storm", "WX", null, LocalDate.of(2026, 12, 3),
                List.of("No action needed")));
        data.put(EventType.EXCEPTION_RESOLVED, new ExceptionResolved("case-1", "evt-1",
                ExceptionResolved.Resolution.SHIPMENT_MOVED_ON, null, null));
        data.put(EventType.FEEDBACK_RECEIVED, new FeedbackReceived(5, "Fine", true));
        data.put(EventType.ORDER_CLOSED, new OrderClosed(UUID.randomUUID().toString(),
                OrderClosed.Reason.QUIET_PERIOD_PASSED, "system", null));
        data.put(EventType.ORDER_CANCELLED, new OrderCancelled(UUID.randomUUID().toString(), "Customer request",
                "cs-1"));
        data.put(EventType.ETA_UPDATED, new EtaUpdated("case-1", "evt-1", LocalDate.of(2026, 12, 1),
                LocalDate.of(2026, 12, 2), ExceptionReason.WEATHER, List.of("Nothing to do"), "system", false));
        data.put(EventType.ESCALATION_RAISED, new EscalationRaised("case-1", "evt-1", 1,
                EscalationRaised.Trigger.OPEN_TOO_LONG, ExceptionReason.LOST, java.time.Instant.now(), "Open 2 days"));
        Communication sent = new Communication("c-1", "evt-1", "Dispatched", "EMAIL", "CUSTOMER", "a***@example.com",
                "dispatched", "en", "Your parcel is on its way", "...", "SENT", "smtp", "<id@host>", 1, null);
        data.put(EventType.COMMUNICATION_SENT, sent);
        data.put(EventType.COMMUNICATION_FAILED, sent);
        data.put(EventType.COMMUNICATION_SKIPPED, sent);
        assertThat(data).hasSize(EventType.values().length);
        data.forEach((type, d) -> {
            CloudEvent event = Events.create(type, "/test", TN, OffsetDateTime.now(), d, Map.of());
            assertThat(validator.problems(event)).as(type.typeName()).isEmpty();
            // decoded once into the type's record: the same data back, typed
            Event<?> typed = Event.of(EventCodec.fromJson(EventCodec.toJson(event)));
            assertThat(typed.type()).isEqualTo(type);
            assertThat(typed.data()).isInstanceOf(type.dataType()).isEqualTo(d);
            assertThat(typed.key()).isEqualTo(event.key());
        });
    }

    @Test
    void shouldRefuseToDecodeAnEventWhoseTypeOrDataIsNotTheContractsWithAReason() {
        CloudEvent feedback = Events.create(EventType.FEEDBACK_RECEIVED, "/test", TN, OffsetDateTime.now(),
                new FeedbackReceived(5, "Fine", true), Map.of());
        CloudEvent unknown = new CloudEvent("e-1", "/test", "ParcelTeleported", TN, OffsetDateTime.now(), null,
                feedback.data(), Map.of());
        assertThatThrownBy(() -> Event.of(unknown)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unknown event type 'ParcelTeleported'");
        CloudEvent noData = new CloudEvent("e-2", "/test", "FeedbackReceived", TN, OffsetDateTime.now(), null, null,
                Map.of());
        assertThatThrownBy(() -> Event.of(noData)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("has no data");
        com.fasterxml.jackson.databind.node.ObjectNode wrong = feedback.data().deepCopy();
        wrong.put("rating", "five");
        CloudEvent badData = new CloudEvent("e-3", "/test", "FeedbackReceived", TN, OffsetDateTime.now(), null, wrong,
                Map.of());
        assertThatThrownBy(() -> Event.of(badData)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("does not match its record");
        assertThatThrownBy(() -> new Event<>("e-4", "/test", EventType.DELIVERED, TN, OffsetDateTime.now(),
                new FeedbackReceived(5, null, true), Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRoundTripStructuredModeWithExtensions() {
        CloudEvent event = Events.create(EventType.ORDER_CONFIRMED, "/trackline/order-service", TN,
                OffsetDateTime.parse("2026-11-26T10:15:30+01:00"), sampleOrder(), Map.of("orderid", "o-1"));
        CloudEvent back = EventCodec.fromJson(EventCodec.toJson(event));
        assertThat(back).isEqualTo(event);
        assertThat(back.time()).isEqualTo(OffsetDateTime.parse("2026-11-26T10:15:30+01:00"));
        assertThat(EventCodec.dataAs(back, OrderConfirmed.class))
                .isEqualTo(EventCodec.dataAs(event, OrderConfirmed.class));
    }

    @Test
    void shouldReadBinaryModeFromHeaders() {
        Map<String, String> headers = new HashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", "evt-1");
        headers.put("ce_source", "/carrier/acme");
        headers.put("ce_type", "InTransit");
        headers.put("ce_subject", TN);
        headers.put("ce_time", "2026-11-26T08:00:00Z");
        headers.put("ce_carrierref", "X1");
        headers.put("content-type", "application/json");
        CloudEvent event = EventCodec.read("{\"description\":\"Sorted\"}", headers);
        assertThat(event.id()).isEqualTo("evt-1");
        assertThat(event.type()).isEqualTo("InTransit");
        assertThat(event.extension("carrierref")).isEqualTo("X1");
        assertThat(event.data().get("description").asText()).isEqualTo("Sorted");
        assertThat(validator.problems(event)).isEmpty();
    }

    @Test
    void shouldRejectMalformedRecordsWithAReason() {
        assertThatThrownBy(() -> EventCodec.fromJson("{not json")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> EventCodec.fromJson("{\"specversion\":\"1.0\",\"source\":\"/x\",\"type\":\"A\"}"))
                .hasMessageContaining("'id' is missing");
        assertThatThrownBy(() -> EventCodec.fromJson("{\"specversion\":\"0.3\",\"id\":\"1\"}"))
                .hasMessageContaining("specversion must be 1.0");
        assertThatThrownBy(() -> EventCodec.fromJson(
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"InTransit\",\"time\":\"yesterday\"}"))
                .hasMessageContaining("RFC 3339");
    }

    @Test
    void shouldReportSchemaViolationsOfData() {
        CloudEvent unknownField = EventCodec.fromJson("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\","
                + "\"type\":\"InTransit\",\"subject\":\"" + TN + "\",\"time\":\"2026-11-26T08:00:00Z\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"colour\":\"red\"}}");
        assertThat(validator.problems(unknownField)).anyMatch(p -> p.contains("colour"));

        CloudEvent badReason = Events.create(EventType.EXCEPTION_RAISED, "/x", TN, null,
                Map.of("reason", "ALIENS", "source", "REPORTED"), Map.of());
        assertThat(validator.problems(badReason)).anyMatch(p -> p.contains("reason"));

        CloudEvent unknownType = new CloudEvent("2", "/x", "Teleported", TN, OffsetDateTime.now(), null,
                EventCodec.mapper().createObjectNode(), Map.of());
        assertThat(validator.problems(unknownType)).contains("unknown event type 'Teleported'");

        CloudEvent badSubject = Events.create(EventType.IN_TRANSIT, "/x", "TL123", null, Map.of(), Map.of());
        assertThat(validator.problems(badSubject)).anyMatch(p -> p.startsWith("envelope:"));
    }

    @Test
    void shouldRefuseEnvelopeValuesLongerThanTheColumnsThatKeepThem() {
        // source and extensions are kept in varchar(200)/varchar(100) columns (timelines, audit, notifications)
        CloudEvent longest = Events.create(EventType.IN_TRANSIT, "/" + "s".repeat(199), TN, null, Map.of(),
                Map.of("orderid", "o".repeat(100)));
        assertThat(validator.problems(longest)).isEmpty();
        CloudEvent longSource = Events.create(EventType.IN_TRANSIT, "/" + "s".repeat(200), TN, null, Map.of(),
                Map.of());
        assertThat(validator.problems(longSource)).anyMatch(p -> p.contains("source"));
        CloudEvent longExtension = Events.create(EventType.IN_TRANSIT, "/x", TN, null, Map.of(),
                Map.of("orderid", "o".repeat(101)));
        assertThat(validator.problems(longExtension)).anyMatch(p -> p.contains("orderid"));
    }

    @Test
    void shouldRefuseContactValuesLongerThanTheColumnsThatKeepThem() {
        // time zones and tracking links are kept in varchar(64)/varchar(2000) columns; the email format itself
        // stops at 64 + 1 + 253 = 318 characters, within the varchar(320) columns
        OrderConfirmed order = sampleOrder();
        String longestEmail = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63)
                + "." + "e".repeat(58) + ".nl";
        Customer longest = new Customer("n".repeat(500), longestEmail, "+31612345678", "en", "z".repeat(64));
        String longestUrl = "https://track.example/" + "u".repeat(2000 - 22);
        assertThat(orderProblems(order, longest, longestUrl)).isEmpty();
        Customer longZone = new Customer("Ada", "ada@example.com", null, "en", "z".repeat(65));
        assertThat(orderProblems(order, longZone, order.trackingUrl())).anyMatch(p -> p.contains("timeZone"));
        Customer longEmail = new Customer("Ada", "a" + longestEmail, null, "en", null);
        assertThat(orderProblems(order, longEmail, order.trackingUrl())).anyMatch(p -> p.contains("email"));
        assertThat(orderProblems(order, order.customer(), longestUrl + "u"))
                .anyMatch(p -> p.contains("trackingUrl"));
    }

    private List<String> orderProblems(OrderConfirmed order, Customer customer, String trackingUrl) {
        OrderConfirmed changed = new OrderConfirmed(order.orderId(), order.externalReference(), order.orderSource(),
                order.serviceLevel(), customer, order.destination(), order.items(), order.trackingNumber(),
                trackingUrl, order.estimatedDelivery());
        return validator.problems(Events.create(EventType.ORDER_CONFIRMED, "/x", TN, null, changed, Map.of()));
    }

    @Test
    void shouldGenerateTrackingNumbersWithAWorkingCheckDigit() {
        // The well-known S10 example RA473124829GB: serial 47312482 has check digit 9.
        assertThat(TrackingNumbers.isValid("RA473124829GB")).isTrue();
        assertThat(TrackingNumbers.checkDigit("47312482")).isEqualTo(9);
        for (int i = 0; i < 1000; i++) {
            String tn = TrackingNumbers.generate("TL", "NL");
            assertThat(TrackingNumbers.isValid(tn)).as(tn).isTrue();
            int wrong = (tn.charAt(5) - '0' + 1) % 10;
            String typo = tn.substring(0, 5) + wrong + tn.substring(6);
            assertThat(TrackingNumbers.isValid(typo)).as(typo).isFalse();
        }
    }

    @Test
    void shouldDescribeEveryTypeAndTopicInTheAsyncApiDocument() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("asyncapi.yaml")) {
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        assertThat(doc.get("asyncapi").asText()).startsWith("3.");
        List<String> addresses = doc.get("channels").findValuesAsText("address");
        assertThat(addresses).contains(Topics.SHIPMENT_LIFECYCLE, Topics.COMMUNICATIONS, Topics.DEAD_LETTER);
        JsonNode lifecycleMessages = doc.at("/channels/shipmentLifecycle/messages");
        JsonNode communicationMessages = doc.at("/channels/communications/messages");
        List<String> envelopeTypes = new ArrayList<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schemas/v1/cloudevent.json")) {
            EventCodec.mapper().readTree(in).at("/properties/type/enum").forEach(t -> envelopeTypes.add(t.asText()));
        }
        assertThat(envelopeTypes).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(EventType.values()).map(EventType::typeName).toList());
        for (EventType type : EventType.values()) {
            JsonNode channelMessages = type.topic().equals(Topics.COMMUNICATIONS) ? communicationMessages
                    : lifecycleMessages;
            assertThat(channelMessages.has(type.typeName())).as(type.typeName()).isTrue();
            assertThat(doc.at("/components/messages/" + type.typeName() + "/payload/schema/$ref").asText())
                    .isEqualTo(type.schemaResource());
            assertThat(getClass().getClassLoader().getResource(type.schemaResource())).isNotNull();
        }
    }
}
