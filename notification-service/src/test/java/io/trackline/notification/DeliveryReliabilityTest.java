package io.trackline.notification;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.platform.security.TrackingLinks;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.trackline.notification.CustomerMessagesTest.PATIENCE;
import static io.trackline.notification.CustomerMessagesTest.SMS_PATH;
import static io.trackline.notification.CustomerMessagesTest.form;
import static io.trackline.notification.CustomerMessagesTest.notifications;
import static io.trackline.notification.CustomerMessagesTest.smsTo;
import static io.trackline.notification.NotificationTestData.confirmed;
import static io.trackline.notification.NotificationTestData.mailsTo;
import static io.trackline.notification.NotificationTestData.milestone;
import static io.trackline.notification.NotificationTestData.person;
import static io.trackline.notification.NotificationTestData.insertSending;
import static io.trackline.notification.NotificationTestData.postSmsStatus;
import static io.trackline.notification.NotificationTestData.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Never twice, never lost: SMTP and provider outages, permanent failures, the provider's status callbacks. */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "notification"), scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailAndSmsSinks.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DeliveryReliabilityTest {

    /** How long to look for records that should not be there. */
    static final Duration NOTHING_MORE_AFTER = Duration.ofSeconds(5);

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
    void shouldSendExactlyOneEmailWhenSmtpIsDownThenUp() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        MailAndSmsSinks.stopSmtp();
        try {
            publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
            await().atMost(PATIENCE).untilAsserted(() -> {
                var email = notifications(tn).getMap("find { it.channel == 'EMAIL' }");
                assertThat(email).isNotNull();
                assertThat((Integer) email.get("attempts")).isGreaterThanOrEqualTo(2);
                assertThat(email.get("status")).isIn("PENDING", "SENDING");
                assertThat((String) email.get("detail")).startsWith("SMTP");
            });
        } finally {
            MailAndSmsSinks.startSmtp();
        }
        await().atMost(PATIENCE).until(() -> "SENT".equals(notifications(tn).getString(
                "find { it.channel == 'EMAIL' }.status")));
        assertThat(mailsTo(ada.email())).hasSize(1);
    }

    @Test
    void shouldSendOneSmsWhenTheProviderAnswers500ThenAcceptsIt() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        MailAndSmsSinks.wireMock().stubFor(post(urlPathEqualTo(SMS_PATH)).atPriority(1)
                .withFormParam("To", equalTo(ada.phone()))
                .inScenario("flaky " + ada.phone()).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"message\": \"try later\"}"))
                .willSetStateTo("recovered"));
        MailAndSmsSinks.wireMock().stubFor(post(urlPathEqualTo(SMS_PATH)).atPriority(1)
                .withFormParam("To", equalTo(ada.phone()))
                .inScenario("flaky " + ada.phone()).whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"SMrecovered" + tn + "\", \"status\": \"queued\"}")));
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).until(() -> "SENT".equals(notifications(tn).getString(
                "find { it.channel == 'SMS' }.status")));
        var sms = notifications(tn).getMap("find { it.channel == 'SMS' }");
        assertThat(sms.get("attempts")).isEqualTo(2);
        assertThat(sms.get("providerMessageId")).isEqualTo("SMrecovered" + tn);
        assertThat(smsTo(ada.phone())).hasSize(2);
        List<String> statuses = kafka.await(Topics.COMMUNICATIONS, r -> tn.equals(r.key()), 2, PATIENCE).stream()
                .map(r -> EventCodec.fromJson(r.value())).map(CloudEvent::type).toList();
        assertThat(statuses).containsOnly("CommunicationSent");
    }

    @Test
    void shouldRecordAFailureWithoutRetryingWhenTheProviderRefusesTheNumber() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        MailAndSmsSinks.wireMock().stubFor(post(urlPathEqualTo(SMS_PATH)).atPriority(1)
                .withFormParam("To", equalTo(ada.phone()))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": 21211, \"message\": \"The 'To' number is not a valid phone number.\"}")));
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).until(() -> "FAILED".equals(notifications(tn).getString(
                "find { it.channel == 'SMS' }.status")));
        var sms = notifications(tn).getMap("find { it.channel == 'SMS' }");
        assertThat(sms.get("attempts")).isEqualTo(1);
        assertThat((String) sms.get("detail")).contains("400").contains("21211");
        // a later event for the same shipment is planned and sent after the failure: still only its own attempt
        publish(kafka, milestone(EventType.DISPATCHED, tn));
        await().atMost(PATIENCE).until(() -> notifications(tn).getList(
                "findAll { it.channel == 'SMS' && it.status == 'FAILED' }").size() == 2);
        assertThat(smsTo(ada.phone())).hasSize(2);
        assertThat(kafka.await(Topics.COMMUNICATIONS, r -> tn.equals(r.key())
                && r.value().contains("\"CommunicationFailed\""), 2, PATIENCE)).hasSize(2);
    }

    @Test
    void shouldApplySmsStatusCallbacksMonotonicallyAndOnlyOnce() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).until(() -> "SENT".equals(notifications(tn).getString(
                "find { it.channel == 'SMS' }.status")));
        var request = smsTo(ada.phone()).get(0);
        String statusCallback = form(request).get("StatusCallback");
        String sid = notifications(tn).getString("find { it.channel == 'SMS' }.providerMessageId");

        postSmsStatus(statusCallback.replaceAll("t=[^&]+", "t=forged"), sid, "delivered", 403);
        postSmsStatus(statusCallback, sid, "sent", 204);
        assertThat(notifications(tn).getString("find { it.channel == 'SMS' }.providerStatus")).isEqualTo("sent");
        postSmsStatus(statusCallback, sid, "delivered", 204);
        postSmsStatus(statusCallback, sid, "delivered", 204);
        postSmsStatus(statusCallback, sid, "sent", 204);
        postSmsStatus(statusCallback, sid, "undelivered", 204);
        var sms = notifications(tn).getMap("find { it.channel == 'SMS' }");
        assertThat(sms.get("status")).isEqualTo("DELIVERED");
        assertThat(sms.get("providerStatus")).isEqualTo("delivered");
        // SENT for the email and the SMS, then one DELIVERED record however often the provider repeats itself
        assertThat(kafka.await(Topics.COMMUNICATIONS, r -> tn.equals(r.key()), 4, NOTHING_MORE_AFTER)).hasSize(3)
                .filteredOn(r -> r.value().contains("\"DELIVERED\"")).hasSize(1);
    }

    @Test
    void shouldSendAMessageAgainWhenTheSenderThatClaimedItDiedBeforeRecordingTheOutcome() throws Exception {
        String tn = TrackingNumbers.generate("TL", "NL");
        String address = "crashed." + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        java.util.UUID id = java.util.UUID.randomUUID();
        // as a sender leaves it when it dies between claim and outcome: SENDING, one attempt, lease run out
        insertSending(id, tn, address, java.time.Instant.now().minusSeconds(60));
        await().atMost(PATIENCE).until(() -> "SENT".equals(notifications(tn).getString("[0].status")));
        assertThat(notifications(tn).getInt("[0].attempts")).isEqualTo(2);
        assertThat(mailsTo(address)).hasSize(1);
    }

}
