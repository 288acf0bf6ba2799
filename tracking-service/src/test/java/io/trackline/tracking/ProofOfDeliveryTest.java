package io.trackline.tracking;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.TrackingNumbers;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "tracking"), scope = TestResourceScope.MATCHING_RESOURCES)
class ProofOfDeliveryTest {

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
    void shouldStoreTheProofAndDeliverTheShipmentWithIt() throws IOException {
        String tn = shipment();
        byte[] signature = png(40, 20);
        String id = given().header("Authorization", TestTokens.bearer("ingest"))
                .multiPart("recipientName", "J. Smith")
                .multiPart("deliveredAt", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString())
                .multiPart("latitude", "52.37").multiPart("longitude", "4.89")
                .multiPart("signature", "signature.png", signature, "image/png")
                .when().post("/api/v1/shipments/" + tn + "/proof-of-delivery")
                .then().statusCode(201).body("signatureType", equalTo("image/png")).extract().path("id");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().body("status", equalTo("DELIVERED"))
                .body("delivery.recipientName", equalTo("J. Smith"))
                .body("delivery.proofOfDeliveryId", equalTo(id)));
        byte[] back = given().header("Authorization", TestTokens.bearer("customer-service"))
                .when().get("/api/v1/shipments/" + tn + "/proof-of-delivery/" + id + "/signature")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertThat(back).isEqualTo(signature);
        given().header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn + "/proof-of-delivery/" + id + "/photo")
                .then().statusCode(404);
    }

    @Test
    void shouldCheckImagesByContentAndSize() throws IOException {
        String tn = shipment();
        given().header("Authorization", TestTokens.bearer("ingest"))
                .multiPart("recipientName", "J. Smith").multiPart("deliveredAt", "2026-11-26T10:00:00Z")
                .multiPart("photo", "photo.jpg", "<html>not a picture</html>".getBytes(), "image/jpeg")
                .when().post("/api/v1/shipments/" + tn + "/proof-of-delivery")
                .then().statusCode(400).body("errors.field", hasItem("photo"));
        given().header("Authorization", TestTokens.bearer("ingest"))
                .multiPart("recipientName", "J. Smith").multiPart("deliveredAt", "2026-11-26T10:00:00Z")
                .multiPart("photo", "photo.png", bigPng(), "image/png")
                .when().post("/api/v1/shipments/" + tn + "/proof-of-delivery")
                .then().statusCode(413).contentType("application/problem+json");
        given().header("Authorization", TestTokens.bearer("ingest"))
                .multiPart("recipientName", "J. Smith")
                .multiPart("deliveredAt", OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString())
                .multiPart("signature", "s.png", png(10, 10), "image/png")
                .when().post("/api/v1/shipments/" + tn + "/proof-of-delivery")
                .then().statusCode(400).body("errors.field", hasItem("deliveredAt"));
        given().header("Authorization", TestTokens.bearer("ingest"))
                .multiPart("recipientName", "").multiPart("deliveredAt", "soon")
                .when().post("/api/v1/shipments/" + tn + "/proof-of-delivery")
                .then().statusCode(400)
                .body("errors.field", hasItem("recipientName"))
                .body("errors.field", hasItem("deliveredAt"))
                .body("errors.field", hasItem("signature"));
    }

    private static String shipment() {
        String tn = TrackingNumbers.generate("TL", "NL");
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(tn, OffsetDateTime.now(ZoneOffset.UTC)
                .minusHours(2)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given()
                .header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().statusCode(200));
        return tn;
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xffffff);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A PNG over the 2 MiB limit: noise does not compress. */
    private static byte[] bigPng() throws IOException {
        BufferedImage image = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
        java.util.Random random = new java.util.Random(1);
        for (int x = 0; x < 1024; x++) {
            for (int y = 0; y < 1024; y++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
