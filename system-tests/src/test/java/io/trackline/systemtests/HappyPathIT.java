package io.trackline.systemtests;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.trackline.testing.TestTokens;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The procedure's happy path across the real processes, over public APIs only: order confirmed (email + SMS with
 * link and date) → dispatched (email + SMS) → in transit twice (no customer message) → out for delivery (email +
 * SMS) → delivered with proof of delivery (email + SMS) → feedback request → feedback → order closed; the audit
 * history holds every milestone and every message, in order.
 */
class HappyPathIT extends SystemTest {

    @Test
    void shouldCarryAnOrderFromConfirmationToClosureTellingTheCustomerAtEachKeyMilestone() throws IOException {
        Orders.Customer grace = Orders.Customer.unique("Grace Hopper", true);
        String email = grace.email();
        String phone = grace.phone();
        JsonPath order = Orders.place(stack, grace, "webshop", "EXPRESS", "COBOL-BOOK");
        String tn = order.getString("trackingNumber");
        String trackingUrl = order.getString("trackingUrl");
        String orderId = order.getString("id");

        awaitMessages(email, phone, 1, 1);
        assertThat(mailsTo(email).get(0).getString("text")).contains(tn).contains(trackingUrl)
                .contains("Estimated delivery");
        assertThat(smsTo(phone).get(0).getString("body")).contains(tn).contains(trackingUrl);

        milestone(tn, "Dispatched");
        awaitMessages(email, phone, 2, 2);
        milestone(tn, "InTransit");
        milestone(tn, "InTransit");
        milestone(tn, "OutForDelivery");
        awaitMessages(email, phone, 3, 3);
        assertThat(subjects(email)).noneMatch(s -> s.toLowerCase().contains("transit"));

        given().baseUri(stack.url("tracking")).header("Authorization", TestTokens.bearer("ingest"))
                .multiPart("recipientName", "G. Hopper")
                .multiPart("deliveredAt", OffsetDateTime.now(ZoneOffset.UTC).toString())
                .multiPart("signature", "signature.png", png(), "image/png")
                .when().post("/api/v1/shipments/" + tn + "/proof-of-delivery").then().statusCode(201);
        awaitMessages(email, phone, 4, 4);
        await().atMost(PATIENCE).until(() -> subjects(email).stream().anyMatch(s -> s.contains("How was")));
        String request = mailsTo(email).stream().filter(m -> m.getString("subject").contains("How was"))
                .findFirst().orElseThrow().getString("text");
        assertThat(request).contains(trackingUrl);

        String token = URI.create(trackingUrl).getQuery().replace("t=", "");
        given().baseUri(stack.url("tracking")).redirects().follow(false)
                .formParam("t", token).formParam("rating", "5").formParam("goodOrder", "yes")
                .when().post("/track/" + tn + "/feedback").then().statusCode(303);
        await().atMost(PATIENCE).untilAsserted(() -> given().baseUri(stack.url("order"))
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/orders/" + orderId)
                .then().body("status", equalTo("CLOSED")).body("closeReason", equalTo("ACCEPTED_BY_CUSTOMER")));

        await().atMost(PATIENCE).untilAsserted(() -> {
            List<Map<String, Object>> history = auditHistory(tn);
            List<String> types = history.stream().map(e -> String.valueOf(e.get("type"))).toList();
            assertThat(types).containsSubsequence("OrderConfirmed", "Dispatched", "InTransit", "InTransit",
                    "OutForDelivery", "Delivered", "FeedbackReceived", "OrderClosed");
            assertThat(types.stream().filter("CommunicationSent"::equals).count()).isGreaterThanOrEqualTo(9);
        });
    }

    /** A carrier's scan, happening now. */
    private static void milestone(String tn, String type) {
        given().baseUri(stack.url("tracking")).header("Authorization", TestTokens.bearer("ingest"))
                .contentType(ContentType.JSON)
                .body(Map.of("type", type, "occurredAt",
                        OffsetDateTime.now(ZoneOffset.UTC).toString(),
                        "location", Map.of("city", "Utrecht", "country", "NL")))
                .when().post("/api/v1/shipments/" + tn + "/events").then().statusCode(202);
    }

    private static void awaitMessages(String email, String phone, int emails, int sms) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(mailsTo(email).stream().filter(m -> !m.getString("subject").contains("How was")))
                    .hasSize(emails);
            assertThat(smsTo(phone)).hasSize(sms);
        });
    }

    private static List<String> subjects(String email) {
        return mailsTo(email).stream().map(m -> m.getString("subject")).toList();
    }

    private static List<JsonPath> mailsTo(String email) {
        List<Map<String, Object>> all = given().baseUri(stack.inboxUrl()).when().get("/api/messages")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(m -> String.valueOf(m.get("to")).contains(email))
                .map(m -> new JsonPath(toJson(m))).toList();
    }

    private static List<JsonPath> smsTo(String phone) {
        List<Map<String, Object>> all = given().baseUri(stack.smsUrl()).when().get("/api/messages")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(m -> phone.equals(m.get("to"))).map(m -> new JsonPath(toJson(m))).toList();
    }

    private static String toJson(Map<String, Object> map) {
        try {
            return io.trackline.events.EventCodec.mapper().writeValueAsString(map);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] png() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(30, 10, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }
}
