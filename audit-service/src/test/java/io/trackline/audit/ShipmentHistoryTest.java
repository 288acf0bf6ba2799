package io.trackline.audit;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "audit"), scope = TestResourceScope.MATCHING_RESOURCES)
class ShipmentHistoryTest {

    private static final OffsetDateTime DAY = OffsetDateTime.parse("2026-11-24T00:00:00Z");

    private static KafkaTestClient kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldTellTheWholeStoryOfAShipmentWithTheMessagesSentForEachMilestoneInOrder() {
        String tn = TrackingNumbers.generate("TL", "NL");
        String order = "o-" + tn;
        CloudEvent dispatched = AuditTestSupport.milestone(EventType.DISPATCHED, tn, order, DAY.plusHours(9));
        CloudEvent dispatchedEmail = communication(tn, order, DAY.plusHours(9).plusSeconds(5), "EMAIL", "dispatched");
        CloudEvent dispatchedSms = communication(tn, order, DAY.plusHours(9).plusSeconds(6), "SMS", "dispatched");
        CloudEvent inTransit = AuditTestSupport.milestone(EventType.IN_TRANSIT, tn, order, DAY.plusHours(14));
        CloudEvent outForDelivery = AuditTestSupport.milestone(EventType.OUT_FOR_DELIVERY, tn, order,
                DAY.plusDays(1).plusHours(7));
        CloudEvent smsFailed = AuditTestSupport.communication("CommunicationFailed", tn, order,
                DAY.plusDays(1).plusHours(7).plusSeconds(3), "SMS", "out-for-delivery", "FAILED");
        CloudEvent outEmail = communication(tn, order, DAY.plusDays(1).plusHours(7).plusSeconds(4), "EMAIL",
                "out-for-delivery");
        CloudEvent delivered = AuditTestSupport.milestone(EventType.DELIVERED, tn, order,
                DAY.plusDays(1).plusHours(15));
        CloudEvent deliveredEmail = communication(tn, order, DAY.plusDays(1).plusHours(15).plusSeconds(2), "EMAIL",
                "delivered");

        // Messages travel on their own topic and the carrier reported one scan late: arrival order is not the story
        for (CloudEvent event : List.of(dispatched, outForDelivery, delivered, inTransit)) {
            kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, EventCodec.toJson(event));
        }
        for (CloudEvent event : List.of(deliveredEmail, dispatchedEmail, dispatchedSms, smsFailed, outEmail)) {
            kafka.send(Topics.COMMUNICATIONS, tn, EventCodec.toJson(event));
        }

        JsonPath history = await().atMost(Duration.ofSeconds(30)).until(() -> given()
                .header("Authorization", TestTokens.bearer("customer-service"))
                .when().get("/api/v1/shipments/" + tn + "/history")
                .then().extract().jsonPath(), h -> h.getList("entries") != null && h.getList("entries").size() == 9);

        assertThat(history.getString("trackingNumber")).isEqualTo(tn);
        assertThat(history.getList("orderIds", String.class)).containsExactly(order);
        assertThat(history.getList("entries.eventId", String.class)).containsExactly(dispatched.id(),
                dispatchedEmail.id(), dispatchedSms.id(), inTransit.id(), outForDelivery.id(), smsFailed.id(),
                outEmail.id(), delivered.id(), deliveredEmail.id());
        assertThat(history.getList("entries.category", String.class)).containsExactly("MILESTONE", "COMMUNICATION",
                "COMMUNICATION", "MILESTONE", "MILESTONE", "COMMUNICATION", "COMMUNICATION", "MILESTONE",
                "COMMUNICATION");
        assertThat(history.getList("entries.type", String.class)).containsExactly("Dispatched", "CommunicationSent",
                "CommunicationSent", "InTransit", "OutForDelivery", "CommunicationFailed", "CommunicationSent",
                "Delivered", "CommunicationSent");
        assertThat(history.getList("entries.data.channel", String.class)).containsExactly(null, "EMAIL", "SMS", null,
                null, "SMS", "EMAIL", null, "EMAIL");
        assertThat(history.getList("entries.data.template", String.class)).containsExactly(null, "dispatched",
                "dispatched", null, null, "out-for-delivery", "out-for-delivery", null, "delivered");
        assertThat(history.getString("entries[5].data.status")).isEqualTo("FAILED");
        assertThat(history.getString("entries[0].eventTime")).isEqualTo("2026-11-24T09:00:00Z");
        assertThat(history.getString("entries[0].data.carrier")).isEqualTo("ACME");
    }

    @Test
    void shouldShowRejectedUpdatesInTheStory() {
        String tn = TrackingNumbers.generate("TL", "NL");
        kafka.send(Topics.SHIPMENT_LIFECYCLE, tn, "{\"specversion\":\"1.0\",\"id\":\"x\"}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn + "/history")
                .then().statusCode(200)
                .body("entries", hasSize(1))
                .body("entries[0].category", equalTo("REJECTED"))
                .body("entries[0].reason", containsString("required attribute 'source' is missing")));
    }

    @Test
    void shouldAnswerNotFoundForAShipmentWithNoRecords() {
        given().header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/TL999999999NL/history")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    private static CloudEvent communication(String tn, String order, OffsetDateTime time, String channel,
            String template) {
        return AuditTestSupport.communication("CommunicationSent", tn, order, time, channel, template, "SENT");
    }
}
