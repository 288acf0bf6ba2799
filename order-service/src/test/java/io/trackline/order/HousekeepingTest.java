package io.trackline.order;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.order.service.IdempotencyKeyPruner;
import io.trackline.platform.messaging.ProcessedEventPruner;
import io.trackline.testing.TestDatabases;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class HousekeepingTest {

    @Inject
    ProcessedEventPruner processedEvents;

    @Inject
    IdempotencyKeyPruner idempotencyKeys;

    @Test
    void shouldForgetProcessedIdsOnlyOnceTheyAreOlderThanTheirKeepTime() throws SQLException {
        String old = "old-" + UUID.randomUUID();
        String recent = "recent-" + UUID.randomUUID();
        Instant now = Instant.now();
        execute("INSERT INTO processed_event (consumer, event_id, processed_at) VALUES ('test', ?, ?)", old,
                now.minus(Duration.ofDays(31)));
        execute("INSERT INTO processed_event (consumer, event_id, processed_at) VALUES ('test', ?, ?)", recent,
                now.minus(Duration.ofDays(29)));
        assertThat(processedEvents.prune(now)).isPositive();
        assertThat(count("SELECT count(*) FROM processed_event WHERE event_id = ?", old)).isZero();
        assertThat(count("SELECT count(*) FROM processed_event WHERE event_id = ?", recent)).isOne();
    }

    @Test
    void shouldForgetIdempotencyKeysAfterTheirTimeToLive() throws SQLException {
        String key = "housekeeping-" + UUID.randomUUID();
        OrderApi.post(OrderTestData.validOrder(OrderTestData.uniqueReference()), key).then().statusCode(201);
        idempotencyKeys.prune(Instant.now().plus(Duration.ofDays(6)));
        assertThat(count("SELECT count(*) FROM idempotency_key WHERE key = ?", key)).isOne();
        idempotencyKeys.prune(Instant.now().plus(Duration.ofDays(8)));
        assertThat(count("SELECT count(*) FROM idempotency_key WHERE key = ?", key)).isZero();
    }

    private static void execute(String sql, String id, Instant at) throws SQLException {
        try (Connection db = TestDatabases.connect(TracklineTestEnvironment.database());
             PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, id);
            statement.setObject(2, java.sql.Timestamp.from(at));
            statement.executeUpdate();
        }
    }

    private static int count(String sql, String value) throws SQLException {
        try (Connection db = TestDatabases.connect(TracklineTestEnvironment.database());
             PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
