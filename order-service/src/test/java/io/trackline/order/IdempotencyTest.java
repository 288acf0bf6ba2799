package io.trackline.order;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.trackline.testing.TestDatabases;
import io.trackline.testing.TracklineTestEnvironment;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class IdempotencyTest {

    @Test
    void shouldCreateOneOrderForConcurrentRetriesWithTheSameKey() throws Exception {
        String reference = OrderTestData.uniqueReference();
        String body = OrderTestData.validOrder(reference);
        String key = "retry-" + UUID.randomUUID();
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit((Callable<Response>) () -> {
                    start.await();
                    return OrderApi.post(body, key);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Future<Response> answer : answers) {
                Response response = answer.get();
                statuses.add(response.statusCode());
                ids.add(response.path("id"));
            }
            assertThat(statuses).containsOnly(200, 201);
            assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(ordersWithReference(reference)).isEqualTo(1);
    }

    @Test
    void shouldAnswerTheFirstOrderAgainForALaterRetry() {
        String body = OrderTestData.validOrder(OrderTestData.uniqueReference());
        String key = "retry-" + UUID.randomUUID();
        String id = OrderApi.post(body, key).then().statusCode(201).extract().path("id");
        OrderApi.post(body, key).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void shouldRefuseTheSameKeyWithAnotherBody() {
        String key = "retry-" + UUID.randomUUID();
        OrderApi.post(OrderTestData.validOrder(OrderTestData.uniqueReference()), key).then().statusCode(201);
        OrderApi.post(OrderTestData.validOrder(OrderTestData.uniqueReference()), key).then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void shouldRefuseASecondOrderWithTheSameReferenceFromTheSameSource() {
        String reference = OrderTestData.uniqueReference();
        OrderApi.post(OrderTestData.validOrder(reference), null).then().statusCode(201);
        OrderApi.post(OrderTestData.validOrder(reference), null).then().statusCode(409)
                .contentType("application/problem+json");
        assertThat(ordersWithReference(reference)).isEqualTo(1);
    }

    @Test
    void shouldAnswer409NotAnErrorWhenTheSameReferenceArrivesTwiceAtOnceWithoutAKey() throws Exception {
        String reference = OrderTestData.uniqueReference();
        String body = OrderTestData.validOrder(reference);
        int callers = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return OrderApi.post(body, null).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        assertThat(ordersWithReference(reference)).isEqualTo(1);
    }

    static int ordersWithReference(String reference) {
        try (Connection db = TestDatabases.connect(TracklineTestEnvironment.database());
             PreparedStatement query = db.prepareStatement(
                     "SELECT count(*) FROM customer_order WHERE external_reference = ?")) {
            query.setString(1, reference);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
