package io.trackline.systemtests;

import io.restassured.http.ContentType;
import io.trackline.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** An order posted to order-service is seen by tracking-service and kept by audit-service, across processes. */
class WalkingSkeletonIT {

    private static TracklineStack stack;

    @BeforeAll
    static void startStack() {
        stack = TracklineStack.get();
    }

    @Test
    void shouldCarryAnOrderThroughTrackingAndAudit() {
        String reference = "SYS-" + UUID.randomUUID().toString().substring(0, 8);
        String trackingNumber = given().baseUri(stack.url("order"))
                .header("Authorization", TestTokens.bearer("ingest"))
                .contentType(ContentType.JSON)
                .body("""
                        {"externalReference": "%s", "source": "webshop", "serviceLevel": "EXPRESS",
                         "customer": {"name": "Grace Hopper", "email": "grace@example.com", "phone": "+15551234567",
                                      "language": "en", "timeZone": "America/New_York"},
                         "shippingAddress": {"line1": "1 Main St", "city": "Arlington", "postalCode": "22201",
                                             "country": "US"},
                         "items": [{"sku": "COBOL-BOOK", "quantity": 1}]}""".formatted(reference))
                .when().post("/api/v1/orders")
                .then().statusCode(201).extract().path("trackingNumber");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("tracking"))
                .header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + trackingNumber)
                .then().statusCode(200).body("status", equalTo("CONFIRMED")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("audit"))
                .header("Authorization", TestTokens.bearer("ops"))
                .queryParam("trackingNumber", trackingNumber)
                .when().get("/api/v1/audit/records")
                .then().statusCode(200).body("type", hasItem("OrderConfirmed")));
    }

    @Test
    void shouldRefuseEveryApiWithoutAToken() {
        for (String service : TracklineStack.SERVICES) {
            given().baseUri(stack.url(service)).when().get("/api/v1/anything")
                    .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(401), equalTo(404)));
        }
        given().baseUri(stack.url("order")).when().get("/api/v1/orders/" + UUID.randomUUID())
                .then().statusCode(401).contentType("application/problem+json");
        given().baseUri(stack.url("tracking")).when().get("/api/v1/shipments/TL000000000NL")
                .then().statusCode(401).contentType("application/problem+json");
        given().baseUri(stack.url("audit")).queryParam("trackingNumber", "x").when().get("/api/v1/audit/records")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void shouldReportEveryServiceHealthy() {
        for (String service : TracklineStack.SERVICES) {
            given().baseUri(stack.url(service)).when().get("/q/health")
                    .then().statusCode(200).body("status", equalTo("UP"));
        }
    }
}
