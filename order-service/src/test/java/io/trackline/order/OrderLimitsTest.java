package io.trackline.order;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.Topics;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TracklineTestEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * What an order may hold is bounded, so that its {@code OrderConfirmed} always fits in one Kafka record (1 MB): at
 * most 200 items, every string bounded, and the body at most 1 MB.
 */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class OrderLimitsTest {

    @Test
    void shouldRefuseMoreItemsThanAnOrderMayHold() {
        OrderApi.post(orderWith(5_000, "TEA-POT", "Teapot"), null).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("items"))
                .body("errors[0].message", containsString("200"));
    }

    @Test
    void shouldAnswerABodyLargerThanTheLimitWithAProblem() {
        String body = orderWith(5_000, "TEA-POT", "T".repeat(500));
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(2_000_000);
        OrderApi.post(body, null).then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString("1 MB"));
    }

    /**
     * The largest order the limits let through, its strings made of the character JSON spells longest ({@code \u0001},
     * six bytes), still makes an event the broker takes.
     */
    @Test
    void shouldPublishTheLargestOrderItAccepts() {
        String sku = "S".repeat(100);
        String description = "\\u0001".repeat(500);
        String body = orderWith(200, sku, description);
        assertThat(body.getBytes(StandardCharsets.UTF_8).length).isLessThan(1024 * 1024);
        String tn = OrderApi.post(body, null).then().statusCode(201).extract().path("trackingNumber");
        try (KafkaTestClient kafka = new KafkaTestClient(TestKafka.bootstrapServers())) {
            List<ConsumerRecord<String, String>> published = kafka.await(Topics.SHIPMENT_LIFECYCLE,
                    r -> tn.equals(r.key()), 1, Duration.ofSeconds(30));
            assertThat(published).hasSize(1);
            assertThat(published.get(0).value().length()).isGreaterThan(600_000);
        }
    }

    /** A valid order with {@code count} items of the given sku (numbered) and description (raw JSON string text). */
    static String orderWith(int count, String sku, String description) {
        String items = IntStream.range(0, count)
                .mapToObj(i -> "{\"sku\": \"" + sku.substring(0, sku.length() - String.valueOf(i).length()) + i
                        + "\", \"description\": \"" + description + "\", \"quantity\": 1}")
                .collect(Collectors.joining(",\n"));
        return OrderTestData.validOrder(OrderTestData.uniqueReference())
                .replace("[{\"sku\": \"TEA-POT\", \"description\": \"Teapot\", \"quantity\": 2}]", "[" + items + "]");
    }
}
