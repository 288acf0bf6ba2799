package io.trackline.tracking;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.TrackingNumbers;
import io.trackline.platform.security.TrackingLinks;
import io.trackline.testing.ArrivalOrders;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import io.trackline.tracking.messaging.LifecycleConsumer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, so every body that brings one is refused with a 400 problem
 * naming the field, before anything is stored or published.
 */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "tracking"), scope = TestResourceScope.MATCHING_RESOURCES)
class NulCharacterTest {

    private static final String NUL = "\u0000";

    @Inject
    LifecycleConsumer consumer;

    @Inject
    TrackingLinks links;

    @Test
    void shouldRefuseAMilestoneWithANulCharacterNamingTheField() {
        String tn = shipment(false);
        given().header("Authorization", TestTokens.bearer("ops")).contentType(ContentType.JSON)
                .body("""
                        {"type": "InTransit", "occurredAt": "%s", "description": "Sorted\\u0000"}"""
                        .formatted(now()))
                .when().post("/api/v1/shipments/" + tn + "/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("description"));
        assertThat(timeline(tn)).isEqualTo(1);
    }

    @Test
    void shouldRefuseABatchWithANulCharacterNamingTheField() {
        String tn = shipment(false);
        given().header("Authorization", TestTokens.bearer("ingest")).contentType(ContentType.JSON)
                .body("""
                        {"events": [
                          {"trackingNumber": "%1$s", "type": "Dispatched", "occurredAt": "%2$s"},
                          {"trackingNumber": "%1$s", "type": "InTransit", "occurredAt": "%2$s",
                           "location": {"city": "Utr\\u0000echt", "country": "NL"}}
                        ]}""".formatted(tn, now()))
                .when().post("/api/v1/shipments/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("events[1].location.city"));
        assertThat(timeline(tn)).isEqualTo(1);
    }

    @Test
    void shouldRefuseAProofOfDeliveryWithANulCharacterNamingTheField() throws IOException {
        String tn = shipment(false);
        given().header("Authorization", TestTokens.bearer("ingest"))
                .multiPart("recipientName", "J." + NUL + "Smith")
                .multiPart("deliveredAt", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString())
                .multiPart("signature", "signature.png", png(), "image/png")
                .when().post("/api/v1/shipments/" + tn + "/proof-of-delivery")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("recipientName"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> ProofOfDelivery.count("trackingNumber", tn)))
                .isZero();
    }

    @Test
    void shouldRefuseFeedbackAndProblemReportsWithANulCharacterNamingTheField() {
        String tn = shipment(true);
        String token = links.token(tn);
        given().formParam("t", token).formParam("rating", "4").formParam("comment", "Quick" + NUL)
                .formParam("goodOrder", "yes").redirects().follow(false)
                .when().post("/track/" + tn + "/feedback")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("comment"));
        given().formParam("t", token).formParam("kind", "WRONG_ADDRESS").formParam("text", "Wrong" + NUL)
                .redirects().follow(false)
                .when().post("/track/" + tn + "/report")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("text"));
        assertThat(QuarkusTransaction.requiringNew().call(() -> CustomerFeedback.count("trackingNumber", tn)
                + CustomerReport.count("trackingNumber", tn))).isZero();
    }

    /** A confirmed shipment, delivered if asked, projected directly. */
    private String shipment(boolean delivered) {
        String tn = TrackingNumbers.generate("TL", "NL");
        OffsetDateTime confirmedAt = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2);
        List<CloudEvent> batch = delivered
                ? List.of(TrackingTestData.confirmed(tn, confirmedAt),
                        TrackingTestData.milestone(EventType.DELIVERED, tn, confirmedAt.plusHours(1)))
                : List.of(TrackingTestData.confirmed(tn, confirmedAt));
        consumer.consume(ArrivalOrders.records(batch));
        return tn;
    }

    private static long timeline(String tn) {
        return QuarkusTransaction.requiringNew().call(() -> ShipmentEvent.count("trackingNumber", tn));
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(5).toString();
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
