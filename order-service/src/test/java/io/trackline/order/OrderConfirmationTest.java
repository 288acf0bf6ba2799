package io.trackline.order;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventValidator;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class OrderConfirmationTest {

    @Test
    void shouldConfirmOrderAndPublishOrderConfirmedThroughTheOutbox() {
        String reference = OrderTestData.uniqueReference();
        String trackingNumber = given().auth().none()
                .header("Authorization", TestTokens.bearer("ingest"))
                .contentType(ContentType.JSON).body(OrderTestData.validOrder(reference))
                .when().post("/api/v1/orders")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("status", equalTo("CONFIRMED"))
                .body("customer.phone", equalTo("+31612345678"))
                .body("trackingUrl", notNullValue())
                .extract().path("trackingNumber");
        assertThat(TrackingNumbers.isValid(trackingNumber)).isTrue();

        try (KafkaTestClient kafka = new KafkaTestClient(TestKafka.bootstrapServers())) {
            List<ConsumerRecord<String, String>> records = kafka.await(Topics.SHIPMENT_LIFECYCLE,
                    r -> trackingNumber.equals(r.key()), 1, Duration.ofSeconds(20));
            assertThat(records).hasSize(1);
            CloudEvent event = EventCodec.fromJson(records.get(0).value());
            assertThat(event.type()).isEqualTo("OrderConfirmed");
            assertThat(event.subject()).isEqualTo(trackingNumber);
            assertThat(EventValidator.instance().problems(event)).isEmpty();
            assertThat(event.data().get("externalReference").asText()).isEqualTo(reference);
        }
    }

    @Test
    void shouldAnswer401WithProblemBodyWithoutToken() {
        given().contentType(ContentType.JSON).body(OrderTestData.validOrder(OrderTestData.uniqueReference()))
                .when().post("/api/v1/orders")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void shouldAnswer401ForATokenSignedByAnUnknownKey() {
        given().header("Authorization", TestTokens.bearerSignedByStranger("ingest"))
                .contentType(ContentType.JSON).body(OrderTestData.validOrder(OrderTestData.uniqueReference()))
                .when().post("/api/v1/orders")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void shouldAnswer403WhenTheRoleDoesNotAllowIt() {
        given().header("Authorization", TestTokens.bearer("management"))
                .contentType(ContentType.JSON).body(OrderTestData.validOrder(OrderTestData.uniqueReference()))
                .when().post("/api/v1/orders")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
    }

    @Test
    void shouldListEveryBadFieldInOneProblem() {
        given().header("Authorization", TestTokens.bearer("ingest"))
                .contentType(ContentType.JSON)
                .body("""
                        {"externalReference": "R-1", "source": "webshop", "serviceLevel": "SLOW",
                         "customer": {"name": "", "email": "not-an-email", "phone": "12", "language": "xx"},
                         "shippingAddress": {"line1": "Damrak 1", "city": "Amsterdam", "postalCode": "ABC",
                                             "country": "NL"},
                         "items": [{"sku": "A", "quantity": 0}]}""")
                .when().post("/api/v1/orders")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("serviceLevel"))
                .body("errors.field", hasItem("customer.name"))
                .body("errors.field", hasItem("customer.email"))
                .body("errors.field", hasItem("customer.phone"))
                .body("errors.field", hasItem("customer.language"))
                .body("errors.field", hasItem("shippingAddress.postalCode"))
                .body("errors.field", hasItem("items[0].quantity"));
    }

    @Test
    void shouldAnswerMalformedJsonWithAProblem() {
        given().header("Authorization", TestTokens.bearer("ingest"))
                .contentType(ContentType.JSON).body("{\"externalReference\": ")
                .when().post("/api/v1/orders")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
    }

    @Test
    void shouldBeReadyOnTheDatabaseAndLiveOnKafka() {
        // readiness leaves the Kafka consumer out on purpose: the outbox takes orders while the broker is down
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("Database connections health check"));
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.name", hasItem("SmallRye Reactive Messaging - liveness check"));
    }
}
