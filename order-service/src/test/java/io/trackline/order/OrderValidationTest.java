package io.trackline.order;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.EventCodec;
import io.trackline.testing.TracklineTestEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class OrderValidationTest {

    /** Each row breaks one field of a valid order (a JSON pointer and a JSON value) and names the error. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "/externalReference              | \"\"                 | externalReference",
            "/externalReference              | \"has spaces\"       | externalReference",
            "/source                         | null                 | source",
            "/serviceLevel                   | \"TELEPORT\"         | serviceLevel",
            "/customer                       | null                 | customer",
            "/customer/name                  | \"  \"               | customer.name",
            "/customer/email                 | \"ada@\"             | customer.email",
            "/customer/email                 | \"ada example.com\"  | customer.email",
            "/customer/phone                 | \"0612345678\"       | customer.phone",
            "/customer/phone                 | \"+31 6 12\"         | customer.phone",
            "/customer/language              | \"tlh\"              | customer.language",
            "/customer/timeZone              | \"Mars/Olympus\"     | customer.timeZone",
            "/shippingAddress                | null                 | shippingAddress",
            "/shippingAddress/line1          | \"\"                 | shippingAddress.line1",
            "/shippingAddress/city           | null                 | shippingAddress.city",
            "/shippingAddress/country        | \"XX\"               | shippingAddress.country",
            "/shippingAddress/postalCode     | \"12345\"            | shippingAddress.postalCode",
            "/shippingAddress/postalCode     | null                 | shippingAddress.postalCode",
            "/items                          | []                   | items",
            "/items/0/quantity               | 0                    | items[0].quantity",
            "/items/0/quantity               | -3                   | items[0].quantity",
            "/items/0/sku                    | null                 | items[0].sku",
            "/items/0/quantity               | \"many\"             | items[0].quantity",
            "/items                          | \"x\"                | items",
            "/customer/email                 | \"a..b@example.com\" | customer.email",
            "/customer/email                 | \".ada@example.com\" | customer.email"
    })
    void shouldRejectEachBadFieldWithItsOwnError(String pointer, String json, String field) throws Exception {
        ObjectNode order = (ObjectNode) EventCodec.mapper().readTree(
                OrderTestData.validOrder(OrderTestData.uniqueReference()));
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        String name = pointer.substring(pointer.lastIndexOf('/') + 1);
        var target = order.at(parent);
        if (target.isArray()) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) target).set(Integer.parseInt(name),
                    EventCodec.mapper().readTree(json));
        } else {
            ((ObjectNode) target).set(name, EventCodec.mapper().readTree(json));
        }
        OrderApi.post(order.toString(), null).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors", hasSize(1))
                .body("errors.field", contains(field));
    }

    @Test
    void shouldRefuseAnItemDescriptionTheEventContractCannotCarry() {
        OrderApi.post(OrderTestData.validOrder(OrderTestData.uniqueReference())
                        .replace("\"Teapot\"", "\"" + "T".repeat(501) + "\""), null)
                .then().statusCode(400).body("errors.field", contains("items[0].description"));
    }

    @Test
    void shouldRefuseANulCharacterWithAProblemNamingTheField() {
        // PostgreSQL cannot store U+0000 in text: refused as bad input, not a 500 at the insert
        String reference = OrderTestData.uniqueReference();
        OrderApi.post(OrderTestData.validOrder(reference)
                        .replace("\"Ada Lovelace\"", "\"Ada\\u0000Lovelace\""), null)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("customer.name"));
        OrderApi.post(OrderTestData.validOrder(reference).replace("\"Teapot\"", "\"Tea\\u0000pot\""), null)
                .then().statusCode(400).body("errors.field", contains("items[0].description"));
        assertThat(IdempotencyTest.ordersWithReference(reference)).isZero();
    }

    @Test
    void shouldStoreNothingWhenTheOrderIsRejected() {
        String reference = OrderTestData.uniqueReference();
        OrderApi.post(OrderTestData.validOrder(reference).replace("\"quantity\": 2", "\"quantity\": 0"), null)
                .then().statusCode(400);
        assertThat(IdempotencyTest.ordersWithReference(reference)).isZero();
    }

    @Test
    void shouldRoundTripAValidOrderWithNormalisedValues() {
        String reference = OrderTestData.uniqueReference();
        String id = OrderApi.post(OrderTestData.validOrder(reference).replace("\"NL\"", "\"nl\"")
                        .replace("1012 LG", "1012 lg"), null)
                .then().statusCode(201).extract().path("id");
        OrderApi.get(id).then().statusCode(200)
                .body("externalReference", equalTo(reference))
                .body("source", equalTo("webshop"))
                .body("serviceLevel", equalTo("STANDARD"))
                .body("customer.name", equalTo("Ada Lovelace"))
                .body("customer.email", equalTo("ada@example.com"))
                .body("customer.phone", equalTo("+31612345678"))
                .body("customer.language", equalTo("en"))
                .body("shippingAddress.country", equalTo("NL"))
                .body("shippingAddress.postalCode", equalTo("1012 LG"))
                .body("items[0].sku", equalTo("TEA-POT"))
                .body("items[0].quantity", equalTo(2))
                .body("trackingNumber", matchesPattern("TL[0-9]{9}NL"))
                .body("trackingUrl", matchesPattern("http://localhost:8082/track/TL[0-9]{9}NL\\?t=[A-Za-z0-9_-]{22}"))
                .body("estimatedDelivery", matchesPattern("\\d{4}-\\d{2}-\\d{2}"));
    }
}
