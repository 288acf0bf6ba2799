package io.trackline.notification;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.testing.TracklineTestEnvironment;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "notification"), scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailAndSmsSinks.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ServiceHealthTest {

    @Test
    void shouldBeReadyWithKafkaAndDatabase() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"))
                .body("checks.name", hasItem("Database connections health check"));
    }

    @Test
    void shouldServeOpenApiAndMetricsWithoutToken() {
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
