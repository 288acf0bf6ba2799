package io.trackline.systemtests;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.trackline.testing.TestTokens;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;

/** The customers and orders of the system tests, placed through order-service's API as a web shop places them. */
final class Orders {

    private Orders() {
    }

    /** A customer whose email address and phone number (null: none) no other test uses. */
    record Customer(String name, String email, String phone) {

        static Customer unique(String name, boolean withPhone) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            String email = name.split(" ")[0].toLowerCase(Locale.ROOT) + "." + id + "@example.com";
            String phone = withPhone ? "+316" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999)) : null;
            return new Customer(name, email, phone);
        }
    }

    /**
     * Places an order of one {@code sku} for {@code customer} (English, Amsterdam), to be shipped to Amsterdam;
     * answers order-service's response: {@code id}, {@code trackingNumber}, {@code trackingUrl},
     * {@code estimatedDelivery}, ...
     */
    static JsonPath place(TracklineStack stack, Customer customer, String source, String serviceLevel, String sku) {
        String phone = customer.phone() == null ? "" : "\"phone\": \"" + customer.phone() + "\", ";
        return given().baseUri(stack.url("order"))
                .header("Authorization", TestTokens.bearer("ingest")).contentType(ContentType.JSON)
                .body("""
                        {"externalReference": "%s", "source": "%s", "serviceLevel": "%s",
                         "customer": {"name": "%s", "email": "%s", %s"language": "en", "timeZone": "Europe/Amsterdam"},
                         "shippingAddress": {"line1": "Damrak 1", "city": "Amsterdam", "postalCode": "1012 LG",
                                             "country": "NL"},
                         "items": [{"sku": "%s", "quantity": 1}]}"""
                        .formatted(UUID.randomUUID(), source, serviceLevel, customer.name(), customer.email(), phone,
                                sku))
                .when().post("/api/v1/orders").then().statusCode(201).extract().jsonPath();
    }
}
