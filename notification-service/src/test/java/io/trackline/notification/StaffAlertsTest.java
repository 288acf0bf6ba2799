package io.trackline.notification;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.trackline.events.EventType;
import io.trackline.events.TrackingNumbers;
import io.trackline.platform.security.TrackingLinks;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static io.trackline.notification.CustomerMessagesTest.PATIENCE;
import static io.trackline.notification.CustomerMessagesTest.notifications;
import static io.trackline.notification.CustomerMessagesTest.smsTo;
import static io.trackline.notification.NotificationTestData.confirmed;
import static io.trackline.notification.NotificationTestData.exception;
import static io.trackline.notification.NotificationTestData.htmlPart;
import static io.trackline.notification.NotificationTestData.mailsTo;
import static io.trackline.notification.NotificationTestData.milestone;
import static io.trackline.notification.NotificationTestData.person;
import static io.trackline.notification.NotificationTestData.publish;
import static io.trackline.notification.NotificationTestData.subject;
import static io.trackline.notification.NotificationTestData.textPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Exceptions: the customer's email and call task, the management escalation; InTransit to the internal webhook. */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "notification"), scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailAndSmsSinks.class, scope = TestResourceScope.MATCHING_RESOURCES)
class StaffAlertsTest {

    static KafkaTestClient kafka;

    @Inject
    TrackingLinks trackingLinks;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldTellTheCustomerTheReasonNewDateAndStepsCreateACallTaskAndEscalateToManagement() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        String link = trackingLinks.link(tn);
        publish(kafka, confirmed(tn, ada, link));
        publish(kafka, exception(tn, LocalDate.of(2026, 12, 4),
                List.of("We deliver again tomorrow", "Call us if <you> prefer a pick-up point")));

        await().atMost(PATIENCE).until(() -> mailsTo(ada.email()).size() == 2);
        MimeMessage delay = mailsTo(ada.email()).stream().filter(m -> subject(m).contains("is delayed")).findFirst()
                .orElseThrow();
        assertThat(textPart(delay)).contains("delayed because of bad weather")
                .contains("New estimated delivery: Friday 4 December 2026")
                .contains("1. We deliver again tomorrow").contains("2. Call us if <you> prefer a pick-up point")
                .contains(link);
        assertThat(htmlPart(delay)).contains("<li>Call us if &lt;you&gt; prefer a pick-up point</li>");

        await().atMost(PATIENCE).until(() -> mailsTo(MailAndSmsSinks.MANAGEMENT).stream()
                .anyMatch(m -> subject(m).contains(tn)));
        MimeMessage escalation = mailsTo(MailAndSmsSinks.MANAGEMENT).stream().filter(m -> subject(m).contains(tn))
                .findFirst().orElseThrow();
        assertThat(subject(escalation)).isEqualTo("[Trackline exception] ExceptionRaised on " + tn + ": bad weather");
        // one email to the whole list (GreenMail keeps a copy per recipient)
        assertThat(mailsTo("director@trackline.test").stream().filter(m -> subject(m).contains(tn))
                .map(StaffAlertsTest::messageId).distinct()).containsExactly(messageId(escalation));
        // the matrix sends no SMS for exceptions: only the order confirmation's
        assertThat(smsTo(ada.phone())).hasSize(1);

        JsonPath open = given().header("Authorization", TestTokens.bearer("customer-service"))
                .queryParam("status", "OPEN").queryParam("trackingNumber", tn)
                .when().get("/api/v1/call-tasks").then().statusCode(200).extract().jsonPath();
        assertThat(open.getList("$")).hasSize(1);
        assertThat(open.getString("[0].phone")).isEqualTo(ada.phone());
        assertThat(open.getString("[0].reason")).contains("bad weather").contains("Friday 4 December 2026");
        String id = open.getString("[0].id");

        given().header("Authorization", TestTokens.bearer("customer-service")).contentType("application/json")
                .body(Map.of("outcome", "SHOUTED")).when().post("/api/v1/call-tasks/" + id + "/complete")
                .then().statusCode(400);
        given().header("Authorization", TestTokens.bearer("customer-service")).contentType("application/json")
                .body(Map.of("outcome", "REACHED", "note", "Customer will pick it up"))
                .when().post("/api/v1/call-tasks/" + id + "/complete")
                .then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body("completedBy", equalTo("test-customer-service"));
        given().header("Authorization", TestTokens.bearer("ops")).contentType("application/json")
                .body(Map.of("outcome", "REACHED")).when().post("/api/v1/call-tasks/" + id + "/complete")
                .then().statusCode(409);
        given().header("Authorization", TestTokens.bearer("customer-service")).queryParam("status", "OPEN")
                .queryParam("trackingNumber", tn).when().get("/api/v1/call-tasks")
                .then().statusCode(200).body("size()", equalTo(0));
        given().header("Authorization", TestTokens.bearer("management")).when().get("/api/v1/call-tasks")
                .then().statusCode(403);

        JsonPath records = notifications(tn);
        assertThat(records.getString("find { it.channel == 'PHONE' }.status")).isEqualTo("SENT");
        assertThat(records.getString("find { it.recipientKind == 'MANAGEMENT' }.status")).isEqualTo("SENT");
    }

    @Test
    void shouldSendTheNewDateAndStepsThatExceptionServiceDecidesButNotTwice() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        io.trackline.events.CloudEvent reported = exception(tn, null, null);
        publish(kafka, reported);
        publish(kafka, io.trackline.events.Events.create(io.trackline.events.EventType.ETA_UPDATED,
                "/trackline/exception-service", tn, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC),
                new io.trackline.events.data.EtaUpdated("case-1", reported.id(), LocalDate.of(2026, 12, 1),
                        LocalDate.of(2026, 12, 2), io.trackline.events.data.ExceptionReason.WEATHER,
                        List.of("Nothing to do: we deliver as soon as it is safe"), "system", false), Map.of()));
        // a detected delay's date went out with its ExceptionRaised already: no second email
        publish(kafka, io.trackline.events.Events.create(io.trackline.events.EventType.ETA_UPDATED,
                "/trackline/exception-service", tn, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC),
                new io.trackline.events.data.EtaUpdated("case-2", "other", LocalDate.of(2026, 12, 2),
                        LocalDate.of(2026, 12, 3), io.trackline.events.data.ExceptionReason.DELAY_DETECTED,
                        List.of(), "system", true), Map.of()));

        // the delay email and the new-date email go out side by side: wait for both
        await().atMost(PATIENCE).until(() -> mailsTo(ada.email()).stream()
                .anyMatch(m -> subject(m).contains("New delivery date"))
                && mailsTo(ada.email()).stream().anyMatch(m -> subject(m).contains("is delayed")));
        MimeMessage update = mailsTo(ada.email()).stream().filter(m -> subject(m).contains("New delivery date"))
                .findFirst().orElseThrow();
        assertThat(textPart(update)).contains("delayed because of bad weather")
                .contains("1. Nothing to do: we deliver as soon as it is safe")
                .contains("New estimated delivery: Wednesday 2 December 2026");
        // the first email, at once, knew no new date yet: it must not pass the old one off as new
        MimeMessage delayed = mailsTo(ada.email()).stream().filter(m -> subject(m).contains("is delayed"))
                .findFirst().orElseThrow();
        assertThat(textPart(delayed)).doesNotContain("New estimated delivery")
                .contains("We will send you the new delivery date as soon as we know it.");
        await().pollDelay(Duration.ofSeconds(3)).atMost(PATIENCE).untilAsserted(() ->
                assertThat(mailsTo(ada.email()).stream().filter(m -> subject(m).contains("New delivery date")))
                        .hasSize(1));
    }

    @Test
    void shouldEmailManagementAboutAnEscalation() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        publish(kafka, NotificationTestData.escalation(tn));
        await().atMost(PATIENCE).until(() -> mailsTo(MailAndSmsSinks.MANAGEMENT).stream()
                .anyMatch(m -> subject(m).contains(tn)));
        MimeMessage escalation = mailsTo(MailAndSmsSinks.MANAGEMENT).stream().filter(m -> subject(m).contains(tn))
                .findFirst().orElseThrow();
        assertThat(subject(escalation)).isEqualTo("[Trackline escalation] EscalationRaised on " + tn
                + ": a failed delivery attempt");
        assertThat(textPart(escalation)).contains("Level 2 escalation (OPEN_TOO_LONG): Open for 3 days");
        // customers hear nothing of escalations
        await().atMost(PATIENCE).until(() -> notifications(tn).getList("findAll { it.status == 'SENT' }").size() == 3);
        assertThat(mailsTo(ada.email())).hasSize(1);
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldPostInTransitToTheInternalWebhookAndSendTheCustomerNothing() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        publish(kafka, milestone(EventType.IN_TRANSIT, tn));
        await().atMost(PATIENCE).until(() -> !MailAndSmsSinks.wireMock().findAll(postRequestedFor(
                urlPathEqualTo(MailAndSmsSinks.WEBHOOK_PATH)).withRequestBody(containing(tn))).isEmpty());
        String body = MailAndSmsSinks.wireMock().findAll(postRequestedFor(urlPathEqualTo(MailAndSmsSinks.WEBHOOK_PATH))
                .withRequestBody(containing(tn))).get(0).getBodyAsString();
        assertThat(JsonPath.from(body).getString("text")).contains("*InTransit* " + tn).contains("Utrecht");
        await().atMost(PATIENCE).until(() -> notifications(tn).getList("findAll { it.status == 'SENT' }").size() == 3);
        JsonPath records = notifications(tn);
        assertThat(records.getList("findAll { it.eventType == 'InTransit' }.channel", String.class))
                .containsExactly("INTERNAL_WEBHOOK");
        assertThat(mailsTo(ada.email())).hasSize(1);
        assertThat(smsTo(ada.phone())).hasSize(1);
    }
}
