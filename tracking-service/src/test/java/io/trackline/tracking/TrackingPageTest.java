package io.trackline.tracking;

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
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.Milestone;
import io.trackline.platform.security.TrackingLinks;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "tracking"), scope = TestResourceScope.MATCHING_RESOURCES)
class TrackingPageTest {

    private static KafkaTestClient kafka;

    @Inject
    TrackingLinks links;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldShowTheShipmentOnlyWithAValidTokenAndNoPersonalData() {
        String tn = shipment("en", "Europe/Amsterdam");
        String page = given().queryParam("t", links.token(tn)).when().get("/track/" + tn)
                .then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Order confirmed"))
                .body(containsString("Amsterdam, NL"))
                .body(not(containsString("ada@example.com")))
                .body(not(containsString("+31612345678")))
                .body(not(containsString("Ada Lovelace")))
                .body(not(containsString("1012 LG")))
                .extract().asString();
        assertThat(page).contains("Tuesday, December 1, 2026");

        String wrongToken = given().queryParam("t", links.token(tn).replace('A', 'B') + "x").when()
                .get("/track/" + tn).then().statusCode(404).extract().asString();
        String noToken = given().when().get("/track/" + tn).then().statusCode(404).extract().asString();
        String unknownNumber = given().when().get("/track/TL000000000NL").then().statusCode(404).extract().asString();
        assertThat(wrongToken).isEqualTo(noToken).isEqualTo(unknownNumber).contains("Shipment not found")
                .doesNotContain("http-equiv=\"refresh\"");
        // our own link for a shipment not projected yet (the email can be quicker): say so and reload
        given().queryParam("t", links.token("TL000000000NL")).when().get("/track/TL000000000NL")
                .then().statusCode(404).header("Retry-After", "3")
                .body(containsString("Your tracking page is almost ready"))
                .body(containsString("<meta http-equiv=\"refresh\" content=\"3\">"));
        given().queryParam("t", links.token(tn)).when().get("/track/" + tn)
                .then().statusCode(200).body(not(containsString("http-equiv=\"refresh\"")));
    }

    @Test
    void shouldSpeakTheCustomersLanguageAndShowTimesInTheirZone() {
        String tn = shipment("nl", "Europe/Amsterdam");
        TrackingTestData.publish(kafka, Events.create(EventType.IN_TRANSIT, "/test/carrier", tn,
                OffsetDateTime.parse("2026-11-26T21:30:00Z"), new Milestone(null, null, null, "Gesorteerd", null,
                        null, null, null), Map.of()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().queryParam("t", links.token(tn))
                .when().get("/track/" + tn).then().statusCode(200)
                .body(containsString("Onderweg"))
                .body(containsString("Verwachte bezorging"))
                .body(containsString("22:30")));
    }

    @Test
    void shouldShowTheProblemWithItsNewDateAndResolutionSteps() {
        String tn = shipment("en", "Europe/London");
        TrackingTestData.publish(kafka, Events.create(EventType.EXCEPTION_RAISED, "/test/carrier", tn,
                OffsetDateTime.now(ZoneOffset.UTC), new ExceptionRaised(null, ExceptionReason.WEATHER,
                        ExceptionSource.REPORTED, "Storm over the North Sea", "WX1", null, LocalDate.of(2026, 12, 3),
                        List.of("No action needed: we deliver as soon as it is safe")), Map.of()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().queryParam("t", links.token(tn))
                .when().get("/track/" + tn).then().statusCode(200)
                .body(containsString("Delayed by weather"))
                .body(containsString("Storm over the North Sea"))
                .body(containsString("No action needed: we deliver as soon as it is safe"))
                .body(containsString("Thursday, December 3, 2026")));
    }

    @Test
    void shouldFollowTheEstimateAndStepsThatExceptionServiceAdds() {
        String tn = shipment("en", "Europe/Amsterdam");
        CloudEvent reported = Events.create(EventType.EXCEPTION_RAISED, "/test/carrier", tn,
                OffsetDateTime.now(ZoneOffset.UTC), new ExceptionRaised(null, ExceptionReason.CUSTOMS,
                        ExceptionSource.REPORTED, "Held at customs", null, null, null, null), Map.of());
        TrackingTestData.publish(kafka, reported);
        TrackingTestData.publish(kafka, Events.create(EventType.ETA_UPDATED, "/trackline/exception-service", tn,
                OffsetDateTime.now(ZoneOffset.UTC), new io.trackline.events.data.EtaUpdated("case-9", reported.id(),
                        LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 4), ExceptionReason.CUSTOMS,
                        List.of("Customs is checking your parcel"), "system", false), Map.of()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().queryParam("t", links.token(tn))
                .when().get("/track/" + tn).then().statusCode(200)
                .body(containsString("Held by customs"))
                .body(containsString("Customs is checking your parcel"))
                .body(containsString("Friday, December 4, 2026"))
                .body(not(containsString("EtaUpdated"))));
    }

    @Test
    void shouldTakeFeedbackOnceAfterDeliveryAndPublishIt() {
        String tn = shipment("en", "Europe/Amsterdam");
        String token = links.token(tn);
        given().formParam("t", token).formParam("rating", "4").formParam("goodOrder", "yes")
                .redirects().follow(false)
                .when().post("/track/" + tn + "/feedback").then().statusCode(303)
                .header("Location", not(containsString("done=feedback")));

        TrackingTestData.publish(kafka, TrackingTestData.milestone(EventType.DELIVERED, tn,
                OffsetDateTime.now(ZoneOffset.UTC)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().queryParam("t", token)
                .when().get("/track/" + tn).then().body(containsString("How was your delivery?")));
        given().formParam("t", token).formParam("rating", "4").formParam("comment", "Quick!")
                .formParam("goodOrder", "yes").redirects().follow(false)
                .when().post("/track/" + tn + "/feedback").then().statusCode(303)
                .header("Location", containsString("done=feedback"));
        given().formParam("t", token).formParam("rating", "1").redirects().follow(false)
                .when().post("/track/" + tn + "/feedback").then().statusCode(303)
                .header("Location", not(containsString("done=feedback")));

        List<ConsumerRecord<String, String>> feedback = kafka.await(Topics.SHIPMENT_LIFECYCLE,
                r -> tn.equals(r.key()) && r.value().contains("\"FeedbackReceived\""), 2, Duration.ofSeconds(10));
        assertThat(feedback).hasSize(1);
        CloudEvent event = EventCodec.fromJson(feedback.get(0).value());
        assertThat(EventValidator.instance().problems(event)).isEmpty();
        assertThat(event.data().get("rating").asInt()).isEqualTo(4);
        assertThat(event.data().get("receivedInGoodOrder").asBoolean()).isTrue();
    }

    @Test
    void shouldTurnACustomerReportIntoAnExceptionAndLimitHowOften() {
        String tn = shipment("en", "Europe/Amsterdam");
        String token = links.token(tn);
        for (int i = 0; i < 3; i++) {
            given().formParam("t", token).formParam("kind", "WRONG_ADDRESS").formParam("text", "Wrong street " + i)
                    .redirects().follow(false).when().post("/track/" + tn + "/report")
                    .then().statusCode(303).header("Location", containsString("done=report"));
        }
        given().formParam("t", token).formParam("kind", "OTHER").redirects().follow(false)
                .when().post("/track/" + tn + "/report").then().statusCode(429);
        given().formParam("t", "forged").formParam("kind", "OTHER").when().post("/track/" + tn + "/report")
                .then().statusCode(404);

        List<ConsumerRecord<String, String>> raised = kafka.await(Topics.SHIPMENT_LIFECYCLE,
                r -> tn.equals(r.key()) && r.value().contains("\"ExceptionRaised\""), 4, Duration.ofSeconds(10));
        assertThat(raised).hasSize(3);
        CloudEvent event = EventCodec.fromJson(raised.get(0).value());
        assertThat(EventValidator.instance().problems(event)).isEmpty();
        assertThat(event.data().get("source").asText()).isEqualTo("CUSTOMER");
        assertThat(event.data().get("reason").asText()).isEqualTo("ADDRESS_ISSUE");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("customer-service")).when().get("/api/v1/shipments/" + tn)
                .then().body("exception.reason", equalTo("ADDRESS_ISSUE")));
    }

    private String shipment(String language, String zone) {
        String tn = TrackingNumbers.generate("TL", "NL");
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(tn, OffsetDateTime.now(ZoneOffset.UTC)
                .minusHours(2), language, zone));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().queryParam("t", links.token(tn))
                .when().get("/track/" + tn).then().statusCode(200));
        return tn;
    }
}
