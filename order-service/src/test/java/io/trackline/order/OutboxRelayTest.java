package io.trackline.order;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.Topics;
import io.trackline.platform.outbox.OutboxRelay;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestDatabases;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class OutboxRelayTest {

    @Inject
    OutboxRelay relay;

    /**
     * A crash between the order's commit and its publication leaves the event in the outbox; once the relay
     * runs again it is published, exactly once.
     */
    @Test
    void shouldPublishWhatWasCommittedWhileTheRelayWasDown() {
        relay.pause();
        String tn;
        try {
            tn = OrderApi.confirmNew().path("trackingNumber");
            assertThat(outboxRows(tn)).isEqualTo(1);
            try (KafkaTestClient kafka = new KafkaTestClient(TestKafka.bootstrapServers())) {
                assertThat(kafka.await(Topics.SHIPMENT_LIFECYCLE, r -> tn.equals(r.key()), 1,
                        Duration.ofSeconds(2))).isEmpty();
            }
        } finally {
            relay.resume();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> outboxRows(tn) == 0);
        try (KafkaTestClient kafka = new KafkaTestClient(TestKafka.bootstrapServers())) {
            assertThat(kafka.await(Topics.SHIPMENT_LIFECYCLE, r -> tn.equals(r.key()), 2, Duration.ofSeconds(5)))
                    .hasSize(1);
        }
        String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
        assertThat(metrics).containsPattern("(?m)^trackline_outbox_published_total(\\{[^}]*\\})? [1-9]");
    }

    static int outboxRows(String trackingNumber) {
        try (Connection db = TestDatabases.connect(TracklineTestEnvironment.database());
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM outbox WHERE aggregateid = '" + trackingNumber + "'")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
