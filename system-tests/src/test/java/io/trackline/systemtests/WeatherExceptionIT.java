package io.trackline.systemtests;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.trackline.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A carrier reports bad weather while the parcel is in transit: exception-service opens a case and revises the
 * date from its playbook; the customer gets an email about the delay and one with the new date and what happens
 * now, customer service a call task, management an alert; the tracking page shows the problem, the new date and
 * the steps. The next scan resolves the case: the page no longer shows the problem and audit holds
 * {@code ExceptionResolved}.
 */
class WeatherExceptionIT extends SystemTest {

    private static final DateTimeFormatter EMAIL_DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter PAGE_DATE = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL)
            .withLocale(Locale.ENGLISH);
    /** The bundled playbook's customer step for WEATHER (exception-service's playbooks.yaml). */
    private static final String WEATHER_STEP = "Nothing to do: we deliver as soon as it is safe to travel.";
    private static final String STORM = "Storm over the North Sea";

    @Test
    void shouldTellEveryoneOfAWeatherDelayShowTheNewDateAndClearItWhenTheParcelMovesOn() {
        Orders.Customer ada = Orders.Customer.unique("Ada Lovelace", true);
        String email = ada.email();
        String phone = ada.phone();
        JsonPath order = Orders.place(stack, ada, "webshop", "STANDARD", "ENGINE-NOTES");
        String tn = order.getString("trackingNumber");
        String trackingUrl = order.getString("trackingUrl");
        LocalDate promised = LocalDate.parse(order.getString("estimatedDelivery"));

        carrier(tn, "Dispatched", Map.of());
        carrier(tn, "InTransit", Map.of());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(Sinks.mailsTo(stack, email)).hasSize(2));

        carrier(tn, "ExceptionRaised", Map.of("reason", "WEATHER", "description", STORM, "carrier", "ACME"));
        // no date from the carrier: the WEATHER playbook adds one business day to the current estimate
        LocalDate revised = BusinessDays.plus(promised, 1);

        JsonPath opened = awaitCase(tn, "OPEN");
        assertThat(opened.getString("reason")).isEqualTo("WEATHER");
        assertThat(opened.getString("source")).isEqualTo("REPORTED");
        assertThat(opened.getString("description")).isEqualTo(STORM);
        assertThat(opened.getString("revisedEstimatedDelivery")).isEqualTo(revised.toString());
        assertThat(opened.getList("resolutionSteps", String.class)).containsExactly(WEATHER_STEP);

        // the customer: the delay at once, then the new date with what happens now
        Sinks.Mail delayed = awaitOneMail(email, "Your parcel " + tn + " is delayed");
        assertThat(delayed.text()).contains("bad weather").contains(STORM).contains(trackingUrl);
        Sinks.Mail newDate = awaitOneMail(email, "New delivery date for your parcel " + tn);
        assertThat(newDate.text()).contains("bad weather").contains(WEATHER_STEP)
                .contains("New estimated delivery: " + EMAIL_DATE.format(revised)).contains(trackingUrl);

        // customer service: a call task; management: an alert
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<Map<String, Object>> tasks = given().baseUri(stack.url("notification"))
                    .header("Authorization", TestTokens.bearer("customer-service"))
                    .queryParam("trackingNumber", tn).when().get("/api/v1/call-tasks")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(tasks).singleElement().satisfies(task -> {
                assertThat(task).containsEntry("status", "OPEN").containsEntry("eventType", "ExceptionRaised")
                        .containsEntry("phone", phone).containsEntry("customerName", "Ada Lovelace");
                assertThat(String.valueOf(task.get("reason"))).contains("Ada Lovelace").contains("bad weather");
            });
        });
        Sinks.Mail alert = awaitOneMail(TracklineStack.MANAGEMENT,
                "[Trackline exception] ExceptionRaised on " + tn + ": bad weather");
        assertThat(alert.text()).contains("Details: " + STORM).contains(trackingUrl);

        // the tracking page: the problem, its steps and the new date beside the old one
        await().atMost(PATIENCE).untilAsserted(() -> {
            String page = trackingPage(trackingUrl);
            assertThat(page).contains("<section id=\"problem\">").contains("Delayed by weather").contains(STORM)
                    .contains("<li>" + WEATHER_STEP + "</li>")
                    .contains("<dd id=\"eta\">" + PAGE_DATE.format(revised))
                    .contains("id=\"previous-eta\">" + PAGE_DATE.format(promised) + "</span>");
        });

        // the next scan: the case is resolved and the page shows no problem any more
        carrier(tn, "OutForDelivery", Map.of());
        JsonPath resolved = awaitCase(tn, "RESOLVED");
        assertThat(resolved.getString("resolution")).isEqualTo("SHIPMENT_MOVED_ON");
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonPath shipment = given().baseUri(stack.url("tracking"))
                    .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(shipment.getString("status")).isEqualTo("OUT_FOR_DELIVERY");
            assertThat(shipment.getMap("exception")).isNull();
            assertThat(shipment.getString("estimatedDelivery")).isEqualTo(revised.toString());
            assertThat(trackingPage(trackingUrl)).contains("<section id=\"problem\" hidden>");
        });

        await().atMost(PATIENCE).untilAsserted(() -> {
            List<Map<String, Object>> history = auditHistory(tn);
            List<String> types = history.stream().map(e -> String.valueOf(e.get("type"))).toList();
            assertThat(types).containsSubsequence("Dispatched", "InTransit", "ExceptionRaised", "EtaUpdated",
                    "OutForDelivery", "ExceptionResolved");
            assertThat(history).filteredOn(e -> "ExceptionResolved".equals(e.get("type"))).singleElement()
                    .satisfies(e -> assertThat(data(e))
                            .containsEntry("resolution", "SHIPMENT_MOVED_ON")
                            .containsEntry("caseId", resolved.getString("id")));
            // the messages caused by the exception, as notification-service recorded them
            assertThat(history).filteredOn(e -> "CommunicationSent".equals(e.get("type")))
                    .map(e -> data(e))
                    .filteredOn(d -> "ExceptionRaised".equals(d.get("causeEventType")))
                    .extracting(d -> d.get("channel") + " " + d.get("recipientKind"))
                    .containsExactlyInAnyOrder("EMAIL CUSTOMER", "PHONE CUSTOMER", "EMAIL MANAGEMENT");
        });
    }

    /** An update from the carrier's webhook, happening now. */
    private static void carrier(String tn, String type, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("type", type);
        body.put("occurredAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        body.put("location", Map.of("city", "Zwolle", "country", "NL"));
        given().baseUri(stack.url("tracking")).header("Authorization", TestTokens.bearer("ingest"))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/shipments/" + tn + "/events").then().statusCode(202);
    }

    private static JsonPath awaitCase(String tn, String status) {
        return await().atMost(PATIENCE).until(() -> {
            JsonPath cases = given().baseUri(stack.url("exception"))
                    .header("Authorization", TestTokens.bearer("ops")).queryParam("trackingNumber", tn)
                    .when().get("/api/v1/exceptions").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> items = cases.getList("items");
            assertThat(items).hasSizeLessThanOrEqualTo(1);
            return items.isEmpty() || !status.equals(items.get(0).get("status")) ? null
                    : new JsonPath(given().baseUri(stack.url("exception"))
                            .header("Authorization", TestTokens.bearer("ops"))
                            .when().get("/api/v1/exceptions/" + items.get(0).get("id"))
                            .then().statusCode(200).extract().asString());
        }, java.util.Objects::nonNull);
    }

    private static Sinks.Mail awaitOneMail(String address, String subject) {
        await().atMost(PATIENCE).until(() -> !Sinks.mailsTo(stack, address, subject).isEmpty());
        List<Sinks.Mail> mails = Sinks.mailsTo(stack, address, subject);
        assertThat(mails).as("emails to %s about '%s'", address, subject).hasSize(1);
        return mails.get(0);
    }

    private static String trackingPage(String trackingUrl) {
        return given().when().get(trackingUrl).then().statusCode(200).extract().asString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> entry) {
        return (Map<String, Object>) entry.get("data");
    }
}
