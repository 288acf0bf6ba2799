package io.trackline.systemtests;

import io.restassured.path.json.JsonPath;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A parcel dispatched and then never scanned again: nobody reports anything, exception-service notices the silence
 * by itself, the customer is told of the delay and the new date, and management is alerted when the case stays
 * open. The stack runs exception-service with a no-scan threshold of seconds for
 * {@link TracklineStack#QUICKLY_WATCHED_SERVICE_LEVEL} and detected delays escalated after seconds.
 */
class SilentDelayIT extends SystemTest {

    private static final DateTimeFormatter EMAIL_DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    /** The bundled playbook's customer step for DELAY_DETECTED. */
    private static final String DETECTED_STEP = "Nothing to do: we are checking where your parcel is.";

    @Test
    void shouldDetectAParcelNobodyScannedTellTheCustomerAndEscalateWhileItStaysLost() {
        Orders.Customer alan = Orders.Customer.unique("Alan Turing", true);
        String email = alan.email();
        String phone = alan.phone();
        JsonPath order = Orders.place(stack, alan, "webshop", TracklineStack.QUICKLY_WATCHED_SERVICE_LEVEL, "ENIGMA");
        String tn = order.getString("trackingNumber");
        String trackingUrl = order.getString("trackingUrl");
        LocalDate promised = LocalDate.parse(order.getString("estimatedDelivery"));

        OffsetDateTime dispatchedAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        publish(EventType.DISPATCHED, tn, dispatchedAt);
        // ... and then silence: nobody reports anything

        JsonPath detected = awaitCase(tn, c -> true);
        assertThat(detected.getString("source")).isEqualTo("DETECTED");
        assertThat(detected.getString("rule")).isEqualTo("NO_SCAN");
        assertThat(detected.getString("reason")).isEqualTo("DELAY_DETECTED");
        assertThat(detected.getString("description")).startsWith("No scan since ");
        assertThat(OffsetDateTime.parse(detected.getString("openedAt")))
                .isAfterOrEqualTo(dispatchedAt.plus(TracklineStack.NO_SCAN_THRESHOLD));
        // the DELAY_DETECTED playbook: one business day on top of the current estimate
        LocalDate revised = BusinessDays.plus(promised, 1);
        assertThat(detected.getString("revisedEstimatedDelivery")).isEqualTo(revised.toString());

        // the customer is told, with the new date and what happens now
        await().atMost(PATIENCE).until(() -> !Sinks.mailsTo(stack, email, "is delayed").isEmpty());
        assertThat(Sinks.mailsTo(stack, email, "is delayed")).singleElement().satisfies(mail -> {
            assertThat(mail.subject()).isEqualTo("Your parcel " + tn + " is delayed");
            assertThat(mail.text()).contains("a delay in transit").contains(DETECTED_STEP)
                    .contains("New estimated delivery: " + EMAIL_DATE.format(revised)).contains(trackingUrl);
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(given().baseUri(stack.url("tracking"))
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().statusCode(200).extract().jsonPath().getString("exception.reason"))
                .isEqualTo("DELAY_DETECTED"));

        // it stays open: management is alerted. Level 1 may have gone already to LATE_BEYOND_PROMISE (a
        // one-business-day delay of a Friday promise is three calendar days), so OPEN_TOO_LONG is level 1 or 2.
        JsonPath escalated = awaitCase(tn, c -> c.getList("history.note", String.class).stream()
                .anyMatch(note -> note != null && note.contains("OPEN_TOO_LONG")));
        assertThat(escalated.getString("status")).isEqualTo("OPEN");
        assertThat(escalated.getInt("escalationLevel")).isPositive();
        assertThat(escalated.getList("history.action", String.class)).containsSubsequence("OPENED", "ESCALATED");
        String escalationSubject = "[Trackline escalation] EscalationRaised on " + tn + ": a delay in transit";
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Sinks.mailsTo(stack, TracklineStack.MANAGEMENT,
                escalationSubject)).anySatisfy(mail -> assertThat(mail.text())
                        .containsPattern("Level [12] escalation \\(OPEN_TOO_LONG\\)").contains(trackingUrl)));
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<Map<String, Object>> history = history(tn);
            assertThat(history).extracting(e -> String.valueOf(e.get("type")))
                    .containsSubsequence("OrderConfirmed", "Dispatched", "ExceptionRaised", "EscalationRaised");
            assertThat(history).filteredOn(e -> "ExceptionRaised".equals(e.get("type"))).singleElement()
                    .satisfies(e -> assertThat(data(e)).containsEntry("source", "DETECTED")
                            .containsEntry("caseId", detected.getString("id")));
            assertThat(history).filteredOn(e -> "EscalationRaised".equals(e.get("type")))
                    .anySatisfy(e -> assertThat(data(e)).containsEntry("trigger", "OPEN_TOO_LONG")
                            .containsEntry("caseId", detected.getString("id")));
        });
        // the new date went out with the delay: no second email for the same date (EtaUpdated is planned before
        // the escalation, which comes later on the same partition)
        List<Map<String, Object>> planned = given().baseUri(stack.url("notification"))
                .header("Authorization", TestTokens.bearer("ops")).queryParam("trackingNumber", tn)
                .when().get("/api/v1/notifications").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(planned).extracting(n -> n.get("eventType")).doesNotContain("EtaUpdated");
        assertThat(planned).filteredOn(n -> "ExceptionRaised".equals(n.get("eventType")))
                .extracting(n -> n.get("channel") + " " + n.get("recipientKind"))
                .containsExactlyInAnyOrder("EMAIL CUSTOMER", "PHONE CUSTOMER", "EMAIL MANAGEMENT");

        // the parcel turns up: the case is resolved; delivered, the shipment is no longer watched
        publish(EventType.IN_TRANSIT, tn, OffsetDateTime.now(ZoneOffset.UTC));
        publish(EventType.DELIVERED, tn, OffsetDateTime.now(ZoneOffset.UTC));
        JsonPath resolved = awaitCase(tn, c -> "RESOLVED".equals(c.getString("status")));
        assertThat(resolved.getString("resolution")).isEqualTo("SHIPMENT_MOVED_ON");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(history(tn))
                .extracting(e -> String.valueOf(e.get("type"))).contains("ExceptionResolved"));
    }

    private static void publish(EventType type, String tn, OffsetDateTime at) {
        CloudEvent event = Events.create(type, "/upstream/carrier", tn, at, new Milestone(
                new Location("Depot Tilburg", "Tilburg", "NL", null, null), "ACME", null, null, null, null,
                type == EventType.DELIVERED ? "A. Turing" : null, null), Map.of());
        upstream.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(event));
    }

    /** The shipment's only case, once it matches {@code condition}. */
    private static JsonPath awaitCase(String tn, java.util.function.Predicate<JsonPath> condition) {
        return await().atMost(PATIENCE).until(() -> {
            List<Map<String, Object>> items = given().baseUri(stack.url("exception"))
                    .header("Authorization", TestTokens.bearer("ops")).queryParam("trackingNumber", tn)
                    .when().get("/api/v1/exceptions").then().statusCode(200).extract().jsonPath().getList("items");
            assertThat(items).as("cases of %s", tn).hasSizeLessThanOrEqualTo(1);
            if (items.isEmpty()) {
                return null;
            }
            JsonPath c = new JsonPath(given().baseUri(stack.url("exception"))
                    .header("Authorization", TestTokens.bearer("ops"))
                    .when().get("/api/v1/exceptions/" + items.get(0).get("id")).then().statusCode(200)
                    .extract().asString());
            return condition.test(c) ? c : null;
        }, Objects::nonNull);
    }

    private static List<Map<String, Object>> history(String tn) {
        return given().baseUri(stack.url("audit")).header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn + "/history")
                .then().statusCode(200).extract().jsonPath().getList("entries");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("data");
    }
}
