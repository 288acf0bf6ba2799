package io.trackline.tracking;

import io.agroal.api.AgroalDataSource;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * What any producer may put on the lifecycle topic, and what the consumer makes of it: the CloudEvents Kafka binding
 * in both modes (with the CloudEvents SDK as the producer and decoder), malformed records, ids of several sources,
 * future times, and events the database refuses.
 */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "tracking"), scope = TestResourceScope.MATCHING_RESOURCES)
class EventIntakeOverKafkaTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static KafkaTestClient kafka;
    private static KafkaProducer<String, String> raw;

    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
        raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "50"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
        raw.close(Duration.ofSeconds(5));
    }

    @Test
    void shouldDeadLetterARecordWithAValuelessHeaderAloneAndProjectTheRestOfItsPoll() throws Exception {
        String tn = TrackingNumbers.generate("TL", "NL");
        String other = TrackingNumbers.generate("TL", "NL");
        ProducerRecord<String, String> malformed = new ProducerRecord<>(Topics.SHIPMENT_LIFECYCLE, tn,
                "{\"location\":{\"city\":\"Utrecht\",\"country\":\"NL\"}}");
        binaryHeaders(malformed, "Dispatched", tn, "/carrier/acme", UUID.randomUUID().toString());
        malformed.headers().add(new RecordHeader("ce_orderid", null));
        // sent together, so that they most likely share one poll
        sendTogether(List.of(structured(TrackingTestData.confirmed(tn, now().minusHours(2))),
                structured(TrackingTestData.confirmed(other, now().minusHours(2))), malformed,
                structured(TrackingTestData.milestone(EventType.DISPATCHED, other, now().minusHours(1)))));

        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER, r -> tn.equals(r.key()), 1,
                PATIENCE);
        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("ce_orderid");
        awaitStatus(other, "DISPATCHED");
        awaitStatus(tn, "CONFIRMED");
    }

    @Test
    void shouldProjectEventsTheCloudEventsSdkWritesInBinaryAndStructuredMode() {
        String tn = TrackingNumbers.generate("TL", "NL");
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(tn, now().minusHours(3)));
        awaitStatus(tn, "CONFIRMED");
        sdkSend("BINARY", sdkEvent("Dispatched", tn, now().minusHours(2), "application/json"));
        sdkSend("STRUCTURED", sdkEvent("InTransit", tn, now().minusHours(1), "application/json"));

        awaitTimeline(tn, List.of("OrderConfirmed", "Dispatched", "InTransit"));
        awaitStatus(tn, "IN_TRANSIT");
    }

    @Test
    void shouldDeadLetterABinaryEventWhoseContentTypeIsNotJson() {
        String tn = TrackingNumbers.generate("TL", "NL");
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(tn, now().minusHours(3)));
        awaitStatus(tn, "CONFIRMED");
        sdkSend("BINARY", sdkEvent("Dispatched", tn, now().minusHours(2), "application/xml"));

        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER, r -> tn.equals(r.key()), 1,
                PATIENCE);
        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("application/xml");
        given().header("Authorization", TestTokens.bearer("ops")).when().get("/api/v1/shipments/" + tn)
                .then().body("status", equalTo("CONFIRMED")).body("timeline", hasSize(1));
    }

    @Test
    void shouldWriteRecordsTheCloudEventsSdkCanRead() throws Exception {
        String tn = TrackingNumbers.generate("TL", "NL");
        sendTogether(List.of(structured(TrackingTestData.confirmed(tn, now().minusHours(3)))));
        awaitStatus(tn, "CONFIRMED");
        String id = given().header("Authorization", TestTokens.bearer("ingest")).contentType("application/json")
                .body(Map.of("type", "Dispatched", "occurredAt", now().minusHours(1).toString(),
                        "location", Map.of("city", "Utrecht", "country", "NL")))
                .when().post("/api/v1/shipments/" + tn + "/events")
                .then().statusCode(202).extract().path("eventId");

        // the SDK's own decoder, for the records of this shipment (the topic also holds other tests' garbage)
        CloudEventDeserializer decoder = new CloudEventDeserializer();
        decoder.configure(Map.of(), false);
        List<CloudEvent> read = kafka.await(Topics.SHIPMENT_LIFECYCLE, r -> tn.equals(r.key()), 2, PATIENCE).stream()
                .map(r -> decoder.deserialize(r.topic(), r.headers(), r.value().getBytes(StandardCharsets.UTF_8)))
                .toList();
        assertThat(read).extracting(CloudEvent::getType).containsExactly("OrderConfirmed", "Dispatched");
        assertThat(read.get(1).getId()).isEqualTo(id);
        assertThat(read.get(1).getDataContentType()).isEqualTo("application/json");
        assertThat(new String(read.get(1).getData().toBytes(), StandardCharsets.UTF_8)).contains("Utrecht");
    }

    @Test
    void shouldTellApartEventsOfTwoSourcesWithTheSameId() {
        String first = TrackingNumbers.generate("TL", "NL");
        String second = TrackingNumbers.generate("TL", "NL");
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(first, now().minusHours(3)));
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(second, now().minusHours(3)));
        String sameId = "1-" + UUID.randomUUID();
        publish(withId(TrackingTestData.milestone(EventType.DISPATCHED, first, now().minusHours(1)), sameId,
                "/ingest/carrier-a"));
        awaitStatus(first, "DISPATCHED");
        publish(withId(TrackingTestData.milestone(EventType.DISPATCHED, second, now().minusHours(1)), sameId,
                "/ingest/carrier-b"));

        awaitStatus(second, "DISPATCHED");
    }

    @Test
    void shouldDeadLetterAnEventFromTheFutureInsteadOfLettingItFreezeTheStatus() {
        String tn = TrackingNumbers.generate("TL", "NL");
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(tn, now().minusHours(3)));
        awaitStatus(tn, "CONFIRMED");
        publish(TrackingTestData.milestone(EventType.OUT_FOR_DELIVERY, tn, now().plusDays(2)));
        publish(TrackingTestData.milestone(EventType.IN_TRANSIT, tn, now().minusMinutes(10)));

        List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER, r -> tn.equals(r.key()), 1,
                PATIENCE);
        assertThat(dead).hasSize(1);
        assertThat(KafkaTestClient.header(dead.get(0), "dead-letter-reason")).contains("in the future");
        awaitStatus(tn, "IN_TRANSIT");
    }

    @Test
    void shouldDeadLetterTwoEventsTheDatabaseRefusesWithinTheConnectorsPatienceAndKeepConsuming() throws Exception {
        String first = TrackingNumbers.generate("TL", "NL");
        String second = TrackingNumbers.generate("TL", "NL");
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(first, now().minusHours(3)));
        TrackingTestData.publish(kafka, TrackingTestData.confirmed(second, now().minusHours(3)));
        awaitStatus(first, "CONFIRMED");
        awaitStatus(second, "CONFIRMED");
        // a failure that is no schema violation: the database refuses these two rows, every time
        sql("""
                CREATE FUNCTION refuse_failing_depot() RETURNS trigger AS $$ BEGIN
                  IF NEW.data->'location'->>'facility' = 'Failing Depot' THEN
                    RAISE EXCEPTION 'the test refuses events at the Failing Depot';
                  END IF;
                  RETURN NEW;
                END $$ LANGUAGE plpgsql""",
                "CREATE TRIGGER refuse_failing_depot BEFORE INSERT ON shipment_event FOR EACH ROW "
                        + "EXECUTE FUNCTION refuse_failing_depot()");
        try {
            sendTogether(List.of(structured(atFailingDepot(EventType.DISPATCHED, first)),
                    structured(TrackingTestData.milestone(EventType.DISPATCHED, second, now().minusHours(2))),
                    structured(atFailingDepot(EventType.IN_TRANSIT, second)),
                    structured(TrackingTestData.milestone(EventType.IN_TRANSIT, first, now().minusHours(1)))));

            List<ConsumerRecord<String, String>> dead = kafka.await(Topics.DEAD_LETTER,
                    r -> first.equals(r.key()) || second.equals(r.key()), 2, Duration.ofSeconds(150));
            assertThat(dead).hasSize(2);
            assertThat(dead).allSatisfy(r -> assertThat(KafkaTestClient.header(r, "dead-letter-reason"))
                    .contains("the test refuses events at the Failing Depot").contains("retry budget"));
            awaitStatus(first, "IN_TRANSIT");
            awaitStatus(second, "DISPATCHED");
        } finally {
            sql("DROP TRIGGER refuse_failing_depot ON shipment_event", "DROP FUNCTION refuse_failing_depot()");
        }
        // the channel is still alive: liveness is up and the next event is projected
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        publish(TrackingTestData.milestone(EventType.OUT_FOR_DELIVERY, first, now().minusMinutes(5)));
        awaitStatus(first, "OUT_FOR_DELIVERY");
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static io.trackline.events.CloudEvent atFailingDepot(EventType type, String tn) {
        return Events.create(type, "/test/carrier", tn, now().minusMinutes(90), new Milestone(
                new Location("Failing Depot", "Utrecht", "NL", null, null), "ACME", null, null, null, null, null,
                null), Map.of());
    }

    private static io.trackline.events.CloudEvent withId(io.trackline.events.CloudEvent event, String id,
            String source) {
        return new io.trackline.events.CloudEvent(id, source, event.type(), event.subject(), event.time(),
                event.dataschema(), event.data(), event.extensions());
    }

    private static CloudEvent sdkEvent(String type, String tn, OffsetDateTime time, String contentType) {
        return CloudEventBuilder.v1().withId(UUID.randomUUID().toString())
                .withSource(URI.create("/carrier/sdk")).withType(type).withSubject(tn).withTime(time)
                .withDataContentType(contentType)
                .withData("{\"carrier\":\"SDK\",\"location\":{\"city\":\"Utrecht\",\"country\":\"NL\"}}"
                        .getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static void sdkSend(String encoding, CloudEvent event) {
        try (KafkaProducer<String, CloudEvent> sdk = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", CloudEventSerializer.ENCODING_CONFIG, encoding,
                CloudEventSerializer.EVENT_FORMAT_CONFIG, "application/cloudevents+json"),
                new StringSerializer(), new CloudEventSerializer())) {
            sdk.send(new ProducerRecord<>(Topics.SHIPMENT_LIFECYCLE, event.getSubject(), event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void binaryHeaders(ProducerRecord<String, String> record, String type, String tn, String source,
            String id) {
        Map.of("ce_specversion", "1.0", "ce_id", id, "ce_source", source, "ce_type", type, "ce_subject", tn,
                "ce_time", now().minusHours(1).toString(), "content-type", "application/json")
                .forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    }

    private static ProducerRecord<String, String> structured(io.trackline.events.CloudEvent event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.SHIPMENT_LIFECYCLE, event.subject(),
                EventCodec.toJson(event));
        record.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static void sendTogether(List<ProducerRecord<String, String>> records) throws Exception {
        List<Future<?>> sends = new ArrayList<>();
        records.forEach(r -> sends.add(raw.send(r)));
        raw.flush();
        for (Future<?> send : sends) {
            send.get();
        }
    }

    private static void publish(io.trackline.events.CloudEvent event) {
        TrackingTestData.publish(kafka, event);
    }

    private void sql(String... statements) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    private static void awaitStatus(String tn, String status) {
        await().atMost(PATIENCE).untilAsserted(() -> given().header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn).then().statusCode(200).body("status", equalTo(status)));
    }

    private static void awaitTimeline(String tn, List<String> types) {
        await().atMost(PATIENCE).untilAsserted(() -> given().header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/shipments/" + tn).then().statusCode(200).body("timeline.type", equalTo(types)));
    }
}
