package io.trackline.exception;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.data.ExceptionReason;
import io.trackline.exception.service.DelayDetector;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.restassured.RestAssured.given;
import static io.trackline.exception.ExceptionTestSupport.awaitWatched;
import static io.trackline.exception.ExceptionTestSupport.cases;
import static io.trackline.exception.ExceptionTestSupport.confirmedShipment;
import static io.trackline.exception.ExceptionTestSupport.exception;
import static io.trackline.exception.ExceptionTestSupport.milestone;
import static io.trackline.exception.ExceptionTestSupport.ops;
import static io.trackline.exception.ExceptionTestSupport.publish;
import static io.trackline.exception.ExceptionTestSupport.published;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "exception"), scope = TestResourceScope.MATCHING_RESOURCES)
class ExceptionCasesTest {

    private static KafkaTestClient kafka;

    @Inject
    DelayDetector detector;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldOpenACaseForAReportedExceptionWithANewEstimateAndPlaybookSteps() {
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(3);
        String tn = confirmedShipment(kafka, t0);
        awaitWatched(tn);
        CloudEvent raised = exception(kafka, tn, ExceptionReason.WEATHER, t0.plusHours(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> !cases(tn).isEmpty());
        ExceptionCase weather = cases(tn).get(0);
        assertThat(weather.raisedEventId).isEqualTo(raised.id());
        assertThat(weather.source).isEqualTo("REPORTED");
        assertThat(weather.status).isEqualTo(ExceptionCase.Status.OPEN);
        assertThat(weather.revisedEta).isAfter(java.time.LocalDate.of(2026, 12, 1).minusDays(1));
        List<CloudEvent> eta = published(kafka, tn, EventType.ETA_UPDATED, 1);
        assertThat(eta).hasSize(1);
        assertThat(eta.get(0).data().get("raisedEventId").asText()).isEqualTo(raised.id());
        assertThat(eta.get(0).data().get("estimatedDelivery").asText()).isEqualTo(weather.revisedEta.toString());
        assertThat(eta.get(0).data().get("resolutionSteps").get(0).asText()).contains("safe to travel");

        ops().queryParam("reason", "WEATHER").queryParam("trackingNumber", tn).when().get("/api/v1/exceptions")
                .then().statusCode(200).body("items.id", hasItem(weather.id.toString()));
    }

    @Test
    void shouldOpenACaseForEachOfTwoCarriersReportingAnExceptionWithTheSameId() {
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(3);
        String first = confirmedShipment(kafka, t0);
        String second = confirmedShipment(kafka, t0);
        awaitWatched(first);
        awaitWatched(second);
        // CloudEvents ids are unique per source only: both carriers number their events from "1"
        String sameId = "1-" + java.util.UUID.randomUUID();
        publish(kafka, sameIdFrom(exceptionEvent(first, ExceptionReason.WEATHER, t0.plusHours(1)), sameId, "/ingest/carrier-a"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !cases(first).isEmpty());
        publish(kafka, sameIdFrom(exceptionEvent(second, ExceptionReason.DAMAGED, t0.plusHours(1)), sameId, "/ingest/carrier-b"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !cases(second).isEmpty());
        assertThat(cases(second)).singleElement().satisfies(c -> {
            assertThat(c.reason).isEqualTo("DAMAGED");
            assertThat(c.raisedEventId).isEqualTo(sameId);
        });
        assertThat(cases(first)).singleElement().satisfies(c -> assertThat(c.reason).isEqualTo("WEATHER"));
    }

    private static CloudEvent exceptionEvent(String tn, ExceptionReason reason, OffsetDateTime time) {
        return io.trackline.events.Events.create(EventType.EXCEPTION_RAISED, "/test/carrier", tn, time,
                new io.trackline.events.data.ExceptionRaised(null, reason, io.trackline.events.data.ExceptionSource.REPORTED,
                        reason + " reported", "X1", null, null, null), java.util.Map.of());
    }

    private static CloudEvent sameIdFrom(CloudEvent event, String id, String source) {
        return new CloudEvent(id, source, event.type(), event.subject(), event.time(), event.dataschema(),
                event.data(), event.extensions());
    }

    @Test
    void shouldResolveWhenTheShipmentMovesOn() {
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(5);
        String tn = confirmedShipment(kafka, t0);
        awaitWatched(tn);
        CloudEvent raised = exception(kafka, tn, ExceptionReason.CARRIER_DELAY, t0.plusHours(1));
        milestone(kafka, EventType.IN_TRANSIT, tn, t0.plusHours(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cases(tn))
                .anyMatch(c -> c.raisedEventId.equals(raised.id()) && c.status == ExceptionCase.Status.RESOLVED
                        && "SHIPMENT_MOVED_ON".equals(c.resolution)));
        List<CloudEvent> resolved = published(kafka, tn, EventType.EXCEPTION_RESOLVED, 1);
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).data().get("raisedEventId").asText()).isEqualTo(raised.id());
    }

    @Test
    void shouldResolveAtOnceAReportedExceptionThatArrivesAfterTheShipmentMovedOn() {
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(5);
        String tn = confirmedShipment(kafka, t0);
        milestone(kafka, EventType.IN_TRANSIT, tn, t0.plusHours(2));
        // reported at t0 + 1 h, but it reaches us after the scan of t0 + 2 h: no later scan will come to resolve it
        CloudEvent raised = exception(kafka, tn, ExceptionReason.CARRIER_DELAY, t0.plusHours(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> !cases(tn).isEmpty());
        ExceptionCase late = cases(tn).get(0);
        assertThat(late.raisedEventId).isEqualTo(raised.id());
        assertThat(late.status).isEqualTo(ExceptionCase.Status.RESOLVED);
        assertThat(late.resolution).isEqualTo("SHIPMENT_MOVED_ON");
        List<CloudEvent> resolved = published(kafka, tn, EventType.EXCEPTION_RESOLVED, 1);
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).data().get("raisedEventId").asText()).isEqualTo(raised.id());
    }

    @Test
    void shouldEscalateASecondExceptionOfTheSameShipment() {
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(5);
        String tn = confirmedShipment(kafka, t0);
        awaitWatched(tn);
        exception(kafka, tn, ExceptionReason.RECIPIENT_UNAVAILABLE, t0.plusHours(1));
        exception(kafka, tn, ExceptionReason.ADDRESS_ISSUE, t0.plusHours(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> cases(tn).size() == 2);
        assertThat(cases(tn).get(1).escalationLevel).isEqualTo(1);
        List<CloudEvent> escalations = published(kafka, tn, EventType.ESCALATION_RAISED, 1);
        assertThat(escalations).hasSize(1);
        assertThat(escalations.get(0).data().get("trigger").asText()).isEqualTo("REPEATED_EXCEPTION");
    }

    @Test
    void shouldEscalateOncePerLevelWhenACaseStaysOpen() {
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1);
        String tn = confirmedShipment(kafka, t0);
        awaitWatched(tn);
        // a failed attempt moves the estimate by one business day only: no other escalation trigger applies
        exception(kafka, tn, ExceptionReason.FAILED_ATTEMPT, t0.plusMinutes(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> !cases(tn).isEmpty());
        ExceptionCase damaged = cases(tn).get(0);

        detector.run(damaged.openedAt.plus(Duration.ofHours(47)));
        assertThat(level(tn, damaged)).isZero();
        detector.run(damaged.openedAt.plus(Duration.ofHours(49)));
        detector.run(damaged.openedAt.plus(Duration.ofHours(50)));
        assertThat(level(tn, damaged)).isEqualTo(1);
        detector.run(damaged.openedAt.plus(Duration.ofHours(97)));
        detector.run(damaged.openedAt.plus(Duration.ofHours(98)));
        assertThat(level(tn, damaged)).isEqualTo(2);
        List<CloudEvent> escalations = published(kafka, tn, EventType.ESCALATION_RAISED, 2).stream()
                .filter(e -> e.data().get("caseId").asText().equals(damaged.id.toString())).toList();
        assertThat(escalations).extracting(e -> e.data().get("level").asInt()).containsExactlyInAnyOrder(1, 2);
    }

    private static int level(String tn, ExceptionCase c) {
        return cases(tn).stream().filter(x -> x.id.equals(c.id)).findFirst().orElseThrow().escalationLevel;
    }

    @Test
    void shouldLetOpsAcknowledgeChangeTheEstimateAndResolveWithWhoDidIt() {
        OffsetDateTime t0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2);
        String tn = confirmedShipment(kafka, t0);
        awaitWatched(tn);
        exception(kafka, tn, ExceptionReason.CUSTOMS, t0.plusMinutes(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> !cases(tn).isEmpty());
        String id = cases(tn).get(0).id.toString();

        given().header("Authorization", ExceptionTestSupport.bearer("ingest")).contentType("application/json").when()
                .post("/api/v1/exceptions/" + id + "/acknowledge").then().statusCode(403);
        ops().when().post("/api/v1/exceptions/" + id + "/acknowledge").then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo("test-ops"));
        String newDate = java.time.LocalDate.now(ZoneOffset.UTC).plusDays(10).toString();
        ops().body("{\"estimatedDelivery\": \"" + newDate + "\", \"note\": \"Customs needs documents\"}")
                .when().put("/api/v1/exceptions/" + id + "/eta").then().statusCode(200)
                .body("revisedEstimatedDelivery", equalTo(newDate));
        ops().body("{}").when().post("/api/v1/exceptions/" + id + "/resolve").then().statusCode(400)
                .body("errors.field", hasItem("note"));
        given().header("Authorization", ExceptionTestSupport.bearer("customer-service")).contentType("application/json")
                .body("{\"note\": \"Documents sent, released\"}").when().post("/api/v1/exceptions/" + id + "/resolve")
                .then().statusCode(200).body("status", equalTo("RESOLVED"))
                .body("resolvedBy", equalTo("test-customer-service"))
                .body("history.action", hasItems("OPENED", "ACKNOWLEDGED", "ETA_CHANGED", "RESOLVED"));

        assertThat(published(kafka, tn, EventType.ETA_UPDATED, 2))
                .anyMatch(e -> e.data().get("estimatedDelivery").asText().equals(newDate)
                        && e.data().get("updatedBy").asText().equals("test-ops"));
        assertThat(published(kafka, tn, EventType.ESCALATION_RAISED, 1))
                .anyMatch(e -> e.data().get("trigger").asText().equals("LATE_BEYOND_PROMISE"));
        assertThat(published(kafka, tn, EventType.EXCEPTION_RESOLVED, 1))
                .anyMatch(e -> e.data().get("resolution").asText().equals("RESOLVED_BY_OPS"));
    }
}
