package io.trackline.systemtests;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.testing.TestTokens;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * An upstream producer publishing straight to the lifecycle topic: duplicates and disorder yield one message per
 * milestone and a status that never moves back; poison records land in the dead-letter topic, are visible in
 * audit, and the pipeline keeps flowing.
 */
class DisorderAndPoisonIT extends SystemTest {

    @Test
    void shouldSendOneMessagePerMilestoneAndNeverMoveTheStatusBack() {
        Orders.Customer customer = Orders.Customer.unique("Upstream Test", true);
        String email = customer.email();
        String phone = customer.phone();
        String tn = order(customer);
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC);
        CloudEvent dispatched = milestone(EventType.DISPATCHED, tn, t0.plusSeconds(1));
        CloudEvent inTransit = milestone(EventType.IN_TRANSIT, tn, t0.plusSeconds(2));
        CloudEvent outForDelivery = milestone(EventType.OUT_FOR_DELIVERY, tn, t0.plusSeconds(3));
        for (CloudEvent event : List.of(dispatched, outForDelivery, inTransit, dispatched, outForDelivery,
                inTransit)) {
            upstream.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(event));
        }
        await().atMost(PATIENCE).untilAsserted(() -> given().baseUri(stack.url("tracking"))
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().body("status", equalTo("OUT_FOR_DELIVERY")).body("timeline.size()", equalTo(4)));
        // confirmation, dispatched, out for delivery: one each, however often they were published
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(count(stack.inboxUrl(), email)).isEqualTo(3));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(count(stack.smsUrl(), phone)).isEqualTo(3));
        await().pollDelay(Duration.ofSeconds(5)).atMost(PATIENCE).untilAsserted(() -> {
            assertThat(count(stack.inboxUrl(), email)).isEqualTo(3);
            assertThat(count(stack.smsUrl(), phone)).isEqualTo(3);
        });
    }

    @Test
    void shouldDeadLetterPoisonRecordsShowThemInAuditAndKeepFlowing() {
        String tn = order(Orders.Customer.unique("Poison Test", false));
        upstream.send(Topics.SHIPMENT_LIFECYCLE, tn, "{\"this is\": not json");
        upstream.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(new CloudEvent(UUID.randomUUID().toString(),
                "/upstream", "Teleported", tn, OffsetDateTime.now(ZoneOffset.UTC), null,
                EventCodec.mapper().createObjectNode(), Map.of())));
        upstream.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(
                milestone(EventType.DELIVERED, tn, OffsetDateTime.now(ZoneOffset.UTC))));

        await().atMost(PATIENCE).untilAsserted(() -> given().baseUri(stack.url("tracking"))
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().body("status", equalTo("DELIVERED")));
        await().atMost(PATIENCE).untilAsserted(() -> given().baseUri(stack.url("audit"))
                .header("Authorization", TestTokens.bearer("ops"))
                .queryParam("trackingNumber", tn).queryParam("kind", "DEAD_LETTER")
                .when().get("/api/v1/audit/records")
                .then().statusCode(200)
                // every consumer of the lifecycle topic gives up on the garbage: one audit record each
                .body("findAll { it.reason.contains('not valid JSON') }.size()", equalTo(5))
                .body("reason", hasItem(org.hamcrest.Matchers.containsString("Teleported"))));
    }

    private static String order(Orders.Customer customer) {
        return Orders.place(stack, customer, "upstream", "STANDARD", "A").getString("trackingNumber");
    }

    private static CloudEvent milestone(EventType type, String tn, OffsetDateTime time) {
        return Events.create(type, "/upstream/carrier", tn, time,
                new Milestone(new Location(null, "Utrecht", "NL", null, null), null, null, null, null, null, null,
                        null), Map.of());
    }

    private static int count(String sink, String recipient) {
        List<Map<String, Object>> all = given().baseUri(sink).when().get("/api/messages").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return (int) all.stream().filter(m -> String.valueOf(m.get("to")).contains(recipient)).count();
    }
}
