package io.trackline.order;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.trackline.testing.TestTokens;

import static io.restassured.RestAssured.given;

/** Calls the order API as an upstream system or customer service would. */
final class OrderApi {

    private OrderApi() {
    }

    static Response post(String body, String idempotencyKey) {
        var request = given().header("Authorization", TestTokens.bearer("ingest")).contentType(ContentType.JSON)
                .body(body);
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return request.when().post("/api/v1/orders");
    }

    /** Confirms a fresh valid order and returns its JSON. */
    static Response confirmNew() {
        Response response = post(OrderTestData.validOrder(OrderTestData.uniqueReference()), null);
        response.then().statusCode(201);
        return response;
    }

    static Response get(String id) {
        return given().header("Authorization", TestTokens.bearer("customer-service")).when()
                .get("/api/v1/orders/" + id);
    }
}
