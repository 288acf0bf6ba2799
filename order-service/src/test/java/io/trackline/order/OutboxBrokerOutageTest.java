package io.trackline.order;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.trackline.events.Topics;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TracklineTestEnvironment;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox relay publishes to a broker that is down when the order is confirmed: the order is accepted, the
 * event waits in the outbox, and it goes out once the broker is up.
 */
@QuarkusTest
@TestProfile(OutboxBrokerOutageTest.RelayToDownBroker.class)
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class OutboxBrokerOutageTest {

    static final int RELAY_BROKER_PORT = freePort();

    public static class RelayToDownBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trackline.outbox.bootstrap-servers", "127.0.0.1:" + RELAY_BROKER_PORT,
                    "trackline.outbox.max-backoff", "PT1S");
        }
    }

    @Test
    void shouldDelayEventsDuringABrokerOutageAndLoseNone() {
        String tn = OrderApi.confirmNew().path("trackingNumber");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> OutboxRelayTest.outboxRows(tn) == 1);

        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().withKafkaPort(RELAY_BROKER_PORT)
                .withDeleteLogDirsOnClose(true)
                .withAdditionalProperties(p -> p.put("auto.create.topics.enable", "true"))
                .start()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> OutboxRelayTest.outboxRows(tn) == 0);
            try (KafkaTestClient kafka = new KafkaTestClient(broker.getAdvertisedListeners())) {
                assertThat(kafka.await(Topics.SHIPMENT_LIFECYCLE, r -> tn.equals(r.key()), 2,
                        Duration.ofSeconds(5))).hasSize(1);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
