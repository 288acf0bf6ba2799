package io.trackline.notification;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionSource;
import io.trackline.notification.planning.NotificationIntake;
import io.trackline.platform.security.TrackingLinks;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.trackline.notification.CustomerMessagesTest.notifications;
import static io.trackline.notification.NotificationTestData.confirmed;
import static io.trackline.notification.NotificationTestData.etaUpdated;
import static io.trackline.notification.NotificationTestData.exception;
import static io.trackline.notification.NotificationTestData.feedback;
import static io.trackline.notification.NotificationTestData.milestone;
import static io.trackline.notification.NotificationTestData.person;
import static io.trackline.notification.NotificationTestData.proofOfDelivery;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One shipment's events reach notification-service in any order (several producers publish them independently):
 * the messages follow what happened, by occurrence time, not what arrived first. Each test hands batches to the
 * consumer's entry point, as the connector does, so the rows are there when it returns.
 */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "notification"), scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailAndSmsSinks.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ArrivalOrderTest {

    /** An hour ago, so no event of a test is future-dated. */
    static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(1).truncatedTo(ChronoUnit.MILLIS);

    @Inject
    NotificationIntake intake;

    @Inject
    TrackingLinks trackingLinks;

    @Test
    void shouldKeepAMilestoneThatCameBeforeOrderConfirmedAndSendItOnceTheContactArrives() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        EventBatch.deliver(intake, milestone(EventType.DISPATCHED, tn, T0.plusMinutes(10), null));
        EventBatch.deliver(intake, confirmed(tn, ada, trackingLinks.link(tn), T0));

        JsonPath rows = notifications(tn);
        assertThat(rows.getList("findAll { it.eventType == 'Dispatched' }.status", String.class))
                .hasSize(2).allSatisfy(status -> assertThat(status).isIn("PENDING", "SENDING", "SENT"));
        assertThat(rows.getList("findAll { it.eventType == 'Dispatched' }.recipient", String.class))
                .doesNotContain("");
    }

    @Test
    void shouldNotSendAWaitingMilestoneThatTheDeliveryOvertook() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        EventBatch.deliver(intake, milestone(EventType.DISPATCHED, tn, T0.plusMinutes(10), null),
                milestone(EventType.DELIVERED, tn, T0.plusMinutes(50), null));
        EventBatch.deliver(intake, confirmed(tn, ada, trackingLinks.link(tn), T0));

        JsonPath rows = notifications(tn);
        assertThat(rows.getList("findAll { it.eventType == 'Dispatched' }.status", String.class))
                .containsExactly("SKIPPED", "SKIPPED");
        assertThat(rows.getString("find { it.eventType == 'Dispatched' }.detail"))
                .isEqualTo("the parcel was delivered already");
        assertThat(rows.getList("findAll { it.eventType == 'Delivered' && it.purpose == 'EVENT' }.status",
                String.class)).hasSize(2).doesNotContain("SKIPPED");
    }

    @Test
    void shouldNotSendDeliveredTodayAfterDelivered() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        EventBatch.deliver(intake, confirmed(tn, ada, trackingLinks.link(tn), T0));
        EventBatch.deliver(intake, milestone(EventType.DELIVERED, tn, T0.plusMinutes(50), null));
        EventBatch.deliver(intake, milestone(EventType.OUT_FOR_DELIVERY, tn, T0.plusMinutes(40), null));

        JsonPath rows = notifications(tn);
        assertThat(rows.getList("findAll { it.eventType == 'OutForDelivery' }.status", String.class))
                .containsExactly("SKIPPED", "SKIPPED");
        assertThat(rows.getString("find { it.eventType == 'OutForDelivery' }.detail"))
                .isEqualTo("the parcel was delivered already");
    }

    @Test
    void shouldSendOneDeliveredEmailSmsAndFeedbackRequestWhenProofOfDeliveryFollowsTheScan() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        EventBatch.deliver(intake, confirmed(tn, ada, trackingLinks.link(tn), T0));
        CloudEvent scan = milestone(EventType.DELIVERED, tn, T0.plusMinutes(50), null);
        EventBatch.deliver(intake, scan);
        EventBatch.deliver(intake, proofOfDelivery(tn, T0.plusMinutes(52)));

        JsonPath rows = notifications(tn);
        assertThat(rows.getList("findAll { it.eventType == 'Delivered' && it.status != 'SKIPPED' }.channel",
                String.class)).containsExactlyInAnyOrder("EMAIL", "SMS", "EMAIL");
        assertThat(rows.getList("findAll { it.purpose == 'FEEDBACK_REQUEST' }.eventId", String.class))
                .containsExactly(scan.id());
        assertThat(rows.getList("findAll { it.eventType == 'Delivered' && it.status == 'SKIPPED' }.detail",
                String.class)).containsOnly("the delivery was announced already");
    }

    @Test
    void shouldNotSendADelayMessageOrOpenACallTaskForAnExceptionOlderThanTheCurrentStatus() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        EventBatch.deliver(intake, confirmed(tn, ada, trackingLinks.link(tn), T0));
        EventBatch.deliver(intake, milestone(EventType.OUT_FOR_DELIVERY, tn, T0.plusMinutes(40), null));
        EventBatch.deliver(intake, exception(tn, T0.plusMinutes(30), ExceptionReason.WEATHER, ExceptionSource.REPORTED,
                LocalDate.of(2026, 12, 4), List.of("We deliver tomorrow")));

        JsonPath rows = notifications(tn);
        assertThat(rows.getList("findAll { it.eventType == 'ExceptionRaised' && it.recipientKind == 'CUSTOMER' }"
                + ".status", String.class)).containsExactlyInAnyOrder("SKIPPED", "SKIPPED");
        assertThat(rows.getString("find { it.eventType == 'ExceptionRaised' && it.channel == 'PHONE' }.detail"))
                .startsWith("overtaken by OutForDelivery at ");
        assertThat(callTasks(tn)).isEmpty();
    }

    @Test
    void shouldNotSendADelayMessageForAnExceptionResolvedAlready() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        CloudEvent raised = exception(tn, T0.plusMinutes(30), ExceptionReason.WEATHER, ExceptionSource.REPORTED,
                null, List.of());
        EventBatch.deliver(intake, confirmed(tn, ada, trackingLinks.link(tn), T0));
        EventBatch.deliver(intake, NotificationTestData.resolved(raised, T0.plusMinutes(35)));
        EventBatch.deliver(intake, raised);

        assertThat(notifications(tn).getList("findAll { it.eventType == 'ExceptionRaised' "
                + "&& it.recipientKind == 'CUSTOMER' }.detail", String.class))
                .containsOnly("the exception was resolved already");
        assertThat(callTasks(tn)).isEmpty();
    }

    @Test
    void shouldNotPromiseANewDeliveryDateForADamageReportAfterDelivery() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        EventBatch.deliver(intake, confirmed(tn, ada, trackingLinks.link(tn), T0));
        EventBatch.deliver(intake, milestone(EventType.DELIVERED, tn, T0.plusMinutes(20), null));
        CloudEvent damage = exception(tn, T0.plusMinutes(40), ExceptionReason.DAMAGED, ExceptionSource.CUSTOMER, null,
                List.of());
        EventBatch.deliver(intake, damage);
        EventBatch.deliver(intake, etaUpdated(damage, T0.plusMinutes(41), NotificationTestData.FIRST_ESTIMATE,
                LocalDate.of(2026, 12, 7)));

        JsonPath rows = notifications(tn);
        assertThat(rows.getList("findAll { (it.eventType == 'ExceptionRaised' || it.eventType == 'EtaUpdated') "
                + "&& it.recipientKind == 'CUSTOMER' && it.channel != 'PHONE' }.status", String.class))
                .containsOnly("SKIPPED").hasSize(2);
        assertThat(rows.getList("findAll { it.eventType == 'EtaUpdated' }.detail", String.class))
                .containsOnly("the parcel was delivered already");
        // customer service still calls about the damage, without a new delivery date
        List<Map<String, Object>> tasks = callTasks(tn);
        assertThat(tasks).hasSize(1);
        assertThat((String) tasks.get(0).get("reason")).contains("damage to the parcel")
                .doesNotContainIgnoringCase("new date").doesNotContainIgnoringCase("estimated delivery");
    }

    @Test
    void shouldNotAskForFeedbackTheCustomerGaveBeforeTheDeliveryArrived() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        EventBatch.deliver(intake, confirmed(tn, ada, trackingLinks.link(tn), T0));
        EventBatch.deliver(intake, feedback(tn, T0.plusMinutes(55)));
        EventBatch.deliver(intake, milestone(EventType.DELIVERED, tn, T0.plusMinutes(50), null));

        JsonPath rows = notifications(tn);
        assertThat(rows.getString("find { it.purpose == 'FEEDBACK_REQUEST' }.status")).isEqualTo("SKIPPED");
        assertThat(rows.getString("find { it.purpose == 'FEEDBACK_REQUEST' }.detail"))
                .isEqualTo("the customer already gave feedback");
    }

    @Test
    void shouldKeepTheNewestEstimateByOccurrenceTimeWhenAnOlderOneArrivesLate() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        EventBatch.deliver(intake, confirmed(tn, ada, trackingLinks.link(tn), T0));
        EventBatch.deliver(intake, exception(tn, T0.plusMinutes(30), ExceptionReason.WEATHER, ExceptionSource.REPORTED,
                LocalDate.of(2026, 12, 4), List.of()));
        EventBatch.deliver(intake, milestone(EventType.DISPATCHED, tn, T0.plusMinutes(10), LocalDate.of(2026, 12, 2)));
        EventBatch.deliver(intake, milestone(EventType.OUT_FOR_DELIVERY, tn, T0.plusMinutes(40), null));

        assertThat(notifications(tn).getString("find { it.eventType == 'OutForDelivery' && it.channel == 'EMAIL' }"
                + ".body")).contains("Estimated delivery: Friday 4 December 2026");
    }

    @Test
    void shouldAlertForEachOfTwoCarriersExceptionsThatShareAnId() {
        // CloudEvents ids are unique per source only: both carriers number their events from "1"
        String sameId = "1-" + UUID.randomUUID();
        List<String> shipments = List.of(TrackingNumbers.generate("TL", "NL"), TrackingNumbers.generate("TL", "NL"));
        List<String> carriers = List.of("/ingest/carrier-a", "/ingest/carrier-b");
        for (int i = 0; i < 2; i++) {
            String tn = shipments.get(i);
            EventBatch.deliver(intake, confirmed(tn, person("en"), trackingLinks.link(tn), T0));
            CloudEvent raised = exception(tn, T0.plusMinutes(20), ExceptionReason.DAMAGED, ExceptionSource.REPORTED,
                    null, List.of());
            EventBatch.deliver(intake, new CloudEvent(sameId, carriers.get(i), raised.type(), raised.subject(),
                    raised.time(), raised.dataschema(), raised.data(), raised.extensions()));
        }

        for (String tn : shipments) {
            assertThat(notifications(tn).getList("findAll { it.eventType == 'ExceptionRaised' }.recipientKind",
                    String.class)).as("messages of %s", tn).contains("MANAGEMENT");
        }
    }

    static List<Map<String, Object>> callTasks(String tn) {
        return given().header("Authorization", TestTokens.bearer("customer-service")).queryParam("trackingNumber", tn)
                .when().get("/api/v1/call-tasks").then().statusCode(200).extract().jsonPath().getList("$");
    }
}
