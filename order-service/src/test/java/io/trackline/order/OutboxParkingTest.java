package io.trackline.order;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestDatabases;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

/**
 * A row the broker can never take (here: larger than the producer's record limit, 1 MB) must neither stop the rows
 * behind it nor make the rows before it go out again and again. The relay claims four rows per round here, so the
 * poison row's round and the next one are different batches.
 */
@QuarkusTest
@TestProfile(OutboxParkingTest.SmallBatches.class)
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class OutboxParkingTest {

    /** A topic of this test only: nothing consumes it, and its records are only ours. */
    static final String TOPIC = "trackline.test.outbox-parking";
    static final int TWO_MEGABYTES = 2 * 1024 * 1024;

    public static class SmallBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trackline.outbox.batch-size", "4", "trackline.outbox.max-backoff", "PT1S");
        }
    }

    record Row(UUID id, String aggregateId, String topic, String payload) {
        static Row of(String aggregateId, String payload) {
            return new Row(UUID.randomUUID(), aggregateId, TOPIC, payload);
        }
    }

    @BeforeAll
    static void createTopic() {
        TestKafka.createTopics(TestKafka.bootstrapServers(), TOPIC);
    }

    @Test
    void shouldParkARowTooLargeForTheBrokerAndPublishEveryOtherRowOnce() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Row> before = List.of(Row.of(run + "-before-1", "{}"), Row.of(run + "-before-2", "{}"),
                Row.of(run + "-before-3", "{}"));
        Row poison = Row.of(run + "-poison", "{\"items\":\"" + "x".repeat(TWO_MEGABYTES) + "\"}");
        List<Row> after = List.of(Row.of(run + "-after-1", "{}"), Row.of(run + "-after-2", "{}"),
                Row.of(run + "-after-3", "{}"), Row.of(run + "-after-4", "{}"));
        List<Row> rows = new ArrayList<>(before);
        rows.add(poison);
        rows.addAll(after);
        insert(rows);

        List<String> expected = new ArrayList<>();
        before.forEach(r -> expected.add(r.aggregateId()));
        after.forEach(r -> expected.add(r.aggregateId()));
        try (KafkaTestClient kafka = new KafkaTestClient(TestKafka.bootstrapServers())) {
            // one more than expected: a duplicate would show up here
            List<ConsumerRecord<String, String>> published = kafka.await(TOPIC, r -> r.key().startsWith(run),
                    expected.size() + 1, Duration.ofSeconds(20));
            assertThat(countByKey(published)).as("records published per row")
                    .isEqualTo(expected.stream().collect(Collectors.toMap(Function.identity(), k -> 1L)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count("outbox", run) == 0);
        assertThat(parkedReason(poison.id())).contains("RecordTooLargeException").contains("max.request.size");

        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        assertThat(metrics).containsPattern("(?m)^trackline_outbox_parked_total(\\{[^}]*\\})? [1-9]");
        assertThat(metrics).containsPattern("(?m)^trackline_outbox_parked_rows(\\{[^}]*\\})? [1-9]");
    }

    @Test
    void shouldListParkedRowsForOpsAndPublishOneRetriedOnceItsCauseIsGone() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Row poison = Row.of(run + "-poison", "{\"items\":\"" + "x".repeat(TWO_MEGABYTES) + "\"}");
        insert(List.of(poison));
        await().atMost(Duration.ofSeconds(30)).until(() -> parkedReason(poison.id()) != null);

        String row = "find { it.id == '" + poison.id() + "' }.";
        given().header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/outbox/parked?limit=1000")
                .then().statusCode(200)
                .body(row + "aggregateId", equalTo(run + "-poison"))
                .body(row + "type", equalTo("TestEvent"))
                .body(row + "topic", equalTo(TOPIC))
                .body(row + "payloadBytes", greaterThan(TWO_MEGABYTES))
                .body(row + "reason", containsString("RecordTooLargeException"))
                .body(row + "parkedAt", notNullValue());
        given().header("Authorization", TestTokens.bearer("ingest")).when().get("/api/v1/outbox/parked")
                .then().statusCode(403).contentType("application/problem+json");
        given().when().get("/api/v1/outbox/parked").then().statusCode(401);

        // in real life: the producer's and the broker's record limits raised
        execute("UPDATE outbox_parked SET payload = '{}' WHERE id = '" + poison.id() + "'");
        given().header("Authorization", TestTokens.bearer("ops")).when()
                .post("/api/v1/outbox/parked/" + poison.id() + "/retry").then().statusCode(202);
        try (KafkaTestClient kafka = new KafkaTestClient(TestKafka.bootstrapServers())) {
            assertThat(kafka.await(TOPIC, r -> r.key().equals(poison.aggregateId()), 1, Duration.ofSeconds(30)))
                    .hasSize(1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> count("outbox", run) == 0);
        assertThat(parkedReason(poison.id())).isNull();
        given().header("Authorization", TestTokens.bearer("ops")).when()
                .post("/api/v1/outbox/parked/" + poison.id() + "/retry").then().statusCode(404)
                .contentType("application/problem+json");
    }

    /**
     * A row the broker cannot take yet (its topic cannot be created while a topic with a colliding name exists: Kafka
     * treats '.' and '_' in topic names alike) stays for the next try, and the later row of its aggregate waits
     * behind it, unsent, while the batch's other rows go.
     */
    @Test
    void shouldKeepALaterRowOfTheSameAggregateBehindARowKeptForRetry() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String blocker = "trackline.test.collide." + run;
        String stuckTopic = "trackline_test_collide_" + run;
        TestKafka.createTopics(TestKafka.bootstrapServers(), blocker);
        Row first = new Row(UUID.randomUUID(), run + "-shipment", stuckTopic, "{}");
        Row second = new Row(UUID.randomUUID(), run + "-shipment", TOPIC, "{}");
        Row other = Row.of(run + "-other", "{}");
        insert(List.of(first, second, other));

        await().atMost(Duration.ofSeconds(60)).until(() -> !outboxIds(run).contains(other.id()));
        assertThat(outboxIds(run)).containsExactlyInAnyOrder(first.id(), second.id());
        try (KafkaTestClient kafka = new KafkaTestClient(TestKafka.bootstrapServers())) {
            // the other row was acknowledged before its delete committed; the second would have been too
            assertThat(kafka.await(TOPIC, r -> r.key().startsWith(run), 2, Duration.ofSeconds(5)))
                    .extracting(ConsumerRecord::key).containsExactly(other.aggregateId());
        }

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestKafka.bootstrapServers()))) {
            admin.deleteTopics(List.of(blocker)).all().get();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> outboxIds(run).isEmpty());
        try (KafkaTestClient kafka = new KafkaTestClient(TestKafka.bootstrapServers())) {
            assertThat(kafka.await(stuckTopic, r -> true, 1, Duration.ofSeconds(10))).hasSize(1);
            assertThat(countByKey(kafka.await(TOPIC, r -> r.key().startsWith(run), 3, Duration.ofSeconds(5))))
                    .containsEntry(second.aggregateId(), 1L);
        }
    }

    static List<UUID> outboxIds(String prefix) {
        try (Connection db = TestDatabases.connect(TracklineTestEnvironment.database());
             PreparedStatement query = db.prepareStatement("SELECT id FROM outbox WHERE aggregateid LIKE ?")) {
            query.setString(1, prefix + "%");
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(String sql) {
        try (Connection db = TestDatabases.connect(TracklineTestEnvironment.database());
             Statement statement = db.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Long> countByKey(List<ConsumerRecord<String, String>> records) {
        return records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    }

    static void insert(List<Row> rows) {
        try (Connection db = TestDatabases.connect(TracklineTestEnvironment.database());
             PreparedStatement insert = db.prepareStatement("""
                     INSERT INTO outbox (id, aggregatetype, aggregateid, type, timestamp, payload, topic)
                     VALUES (?, 'Test', ?, 'TestEvent', ?, ?, ?)""")) {
            db.setAutoCommit(false);
            for (Row row : rows) {
                insert.setObject(1, row.id());
                insert.setString(2, row.aggregateId());
                insert.setTimestamp(3, Timestamp.from(Instant.now()));
                insert.setString(4, row.payload());
                insert.setString(5, row.topic());
                insert.addBatch();
            }
            insert.executeBatch();
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of {@code table} whose aggregate id starts with {@code prefix}. */
    static int count(String table, String prefix) {
        try (Connection db = TestDatabases.connect(TracklineTestEnvironment.database());
             PreparedStatement query = db.prepareStatement(
                     "SELECT count(*) FROM " + table + " WHERE aggregateid LIKE ?")) {
            query.setString(1, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String parkedReason(UUID id) {
        try (Connection db = TestDatabases.connect(TracklineTestEnvironment.database());
             PreparedStatement query = db.prepareStatement("SELECT reason FROM outbox_parked WHERE id = ?")) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
