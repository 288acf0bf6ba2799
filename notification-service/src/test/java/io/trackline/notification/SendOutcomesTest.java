package io.trackline.notification;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.EventType;
import io.trackline.events.TrackingNumbers;
import io.trackline.notification.render.LinkSigner;
import io.trackline.notification.service.NotificationSender;
import io.trackline.platform.security.TrackingLinks;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestDatabases;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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

/**
 * Sends whose outcome is unknown or cannot be recorded (issue 15's defects): a provider that takes a message and
 * answers too late, a database that refuses to record a send, a lease that would run out during the call, a
 * provider's Retry-After, and a message that is no longer true when it is finally due.
 */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "notification"), scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailAndSmsSinks.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SendOutcomesTest {

    static KafkaTestClient kafka;

    @Inject
    TrackingLinks trackingLinks;

    @Inject
    NotificationSender sender;

    @Inject
    LinkSigner links;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldSendAnUnansweredEmailAgainWithTheSameMessageIdAndAtMostThreeTimes() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        MailAndSmsSinks.stopSmtp();
        // takes each message, answers after 5 s; the mailer waits 3 s (%test.quarkus.mailer.timeout)
        try (SlowSmtpServer slow = new SlowSmtpServer(MailAndSmsSinks.smtpPort(), Duration.ofSeconds(5))) {
            publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
            await().atMost(PATIENCE).until(() -> "FAILED".equals(notifications(tn).getString(
                    "find { it.channel == 'EMAIL' }.status")));
            var email = notifications(tn).getMap("find { it.channel == 'EMAIL' }");
            assertThat((String) email.get("detail")).startsWith("not confirmed after 3 attempts");
            // every attempt that reached DATA has the same Message-ID; an attempt that timed out waiting for a
            // pooled connection never reached the server, but still counts as unconfirmed (we cannot tell)
            List<SlowSmtpServer.Received> received = slow.receivedFor(ada.email());
            assertThat(received).hasSizeBetween(2, 3).extracting(SlowSmtpServer.Received::messageId)
                    .containsOnly("<" + email.get("id") + "@trackline.local>");
        } finally {
            MailAndSmsSinks.startSmtp();
        }
    }

    @Test
    void shouldNotSendAnSmsAgainWhenTheProviderTookItTooLongToAnswerAndItsCallbackConfirmsIt() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        // the provider takes the SMS and answers after 4 s; the client waits 2 s (%test http-timeout)
        MailAndSmsSinks.wireMock().stubFor(post(urlPathEqualTo(SMS_PATH)).atPriority(1)
                .withFormParam("To", equalTo(ada.phone()))
                .willReturn(aResponse().withStatus(201).withFixedDelay(4000).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"SMslow" + tn + "\", \"status\": \"queued\"}")));
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).untilAsserted(() -> {
            var sms = notifications(tn).getMap("find { it.channel == 'SMS' }");
            assertThat(sms).isNotNull();
            assertThat(sms.get("status")).isEqualTo("PENDING");
            assertThat((String) sms.get("detail")).contains("did not answer");
        });
        // the provider's status callback arrives (it has the message) while the SMS waits to be sent again
        postSmsStatus(form(smsTo(ada.phone()).get(0)).get("StatusCallback"), "SMslow" + tn, "delivered", 204);
        var sms = notifications(tn).getMap("find { it.channel == 'SMS' }");
        assertThat(sms.get("status")).isEqualTo("DELIVERED");
        assertThat(sms.get("providerMessageId")).isEqualTo("SMslow" + tn);
        // past the callback wait (%test 3 s): still the one request at the provider
        await().pollDelay(Duration.ofSeconds(5)).atMost(PATIENCE).untilAsserted(() ->
                assertThat(smsTo(ada.phone())).hasSize(1));
        assertThat(notifications(tn).getInt("find { it.channel == 'SMS' }.attempts")).isEqualTo(1);
    }

    @Test
    void shouldRecordTheSendWhenTheDatabaseRefusesToAtFirst() throws SQLException {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        refuseToRecordSent(ada.email(), 2);
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).until(() -> "SENT".equals(notifications(tn).getString(
                "find { it.channel == 'EMAIL' }.status")));
        assertThat(notifications(tn).getInt("find { it.channel == 'EMAIL' }.attempts")).isEqualTo(1);
        assertThat(mailsTo(ada.email())).hasSize(1);
    }

    @Test
    void shouldStopSendingAgainWhenTheSendCanNeverBeRecorded() throws Exception {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        refuseToRecordSent(ada.email(), Integer.MAX_VALUE);
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        // each lease (%test 5 s) runs out with the outcome unrecorded: unconfirmed attempts, three at most
        await().atMost(PATIENCE).until(() -> "FAILED".equals(notifications(tn).getString(
                "find { it.channel == 'EMAIL' }.status")));
        var email = notifications(tn).getMap("find { it.channel == 'EMAIL' }");
        assertThat((String) email.get("detail")).startsWith("not confirmed after 3 attempts");
        List<MimeMessage> mails = mailsTo(ada.email());
        assertThat(mails).hasSize(3);
        for (MimeMessage mail : mails) {
            assertThat(mail.getHeader("Message-ID")).containsExactly("<" + email.get("id") + "@trackline.local>");
        }
        await().pollDelay(Duration.ofSeconds(6)).atMost(PATIENCE).untilAsserted(() ->
                assertThat(mailsTo(ada.email())).hasSize(3));
    }

    @Test
    void shouldHandBackAClaimThatWouldRunOutDuringTheCall() throws SQLException {
        String tn = TrackingNumbers.generate("TL", "NL");
        String address = "lease." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        UUID id = UUID.randomUUID();
        insertSending(id, tn, address, Instant.now().plus(Duration.ofMinutes(1)));
        // as the sender holds it after the claim: SENDING, attempt 1, but only one second of its lease left
        Notification claimed = new Notification();
        claimed.id = id;
        claimed.channel = "EMAIL";
        claimed.recipient = address;
        claimed.recipientKind = "CUSTOMER";
        claimed.subject = "Your parcel is on its way";
        claimed.body = "text";
        claimed.htmlBody = "<p>html</p>";
        claimed.attempts = 1;
        claimed.claimedUntil = Instant.now().plusSeconds(1);
        sender.send(claimed);
        assertThat(mailsTo(address)).isEmpty();
        await().atMost(PATIENCE).until(() -> "SENT".equals(notifications(tn).getString("[0].status")));
        assertThat(notifications(tn).getInt("[0].attempts")).isEqualTo(1);
        assertThat(mailsTo(address)).hasSize(1);
    }

    @Test
    void shouldWaitForTheCallbackOfAnSmsWhoseSenderStoppedDuringTheCall() throws SQLException {
        // as a sender that was killed during the provider call leaves it: SENDING, attempt 1, lease run out
        KilledSms sms = killedSms();
        String tn = sms.trackingNumber();
        String phone = sms.phone();
        UUID id = sms.id();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(notifications(tn).getString("[0].detail"))
                .contains("waiting for the provider's status callback"));
        assertThat(notifications(tn).getString("[0].status")).isEqualTo("PENDING");
        postSmsStatus(links.smsStatusCallback(id.toString()), "SMkilled" + tn, "delivered", 204);
        assertThat(notifications(tn).getString("[0].status")).isEqualTo("DELIVERED");
        // past the callback wait (%test 3 s): the provider, which had it, never got it a second time
        await().pollDelay(Duration.ofSeconds(5)).atMost(PATIENCE).untilAsserted(() ->
                assertThat(smsTo(phone)).isEmpty());
    }

    @Test
    void shouldNotSendAnSmsAgainWhenTheProviderHasItAndItsCallbackWasLost() throws SQLException {
        // a sender killed after the provider took the SMS; the provider's callback came while nothing listened
        KilledSms sms = killedSms();
        String tn = sms.trackingNumber();
        String phone = sms.phone();
        providerLists(phone, providerMessage("SMlost" + tn, phone, "text", "delivered", Instant.now().minusSeconds(20)));
        // past the callback wait (%test 3 s) the sender asks the provider, which has it
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(notifications(tn).getString("[0].status"))
                .isEqualTo("DELIVERED"));
        assertThat(notifications(tn).getString("[0].providerMessageId")).isEqualTo("SMlost" + tn);
        assertThat(notifications(tn).getString("[0].detail")).contains("found at the provider");
        assertThat(smsTo(phone)).isEmpty();
    }

    @Test
    void shouldSendAnSmsAgainWhenTheProviderHasOnlyAnOlderMessageWithTheSameText() throws SQLException {
        KilledSms sms = killedSms();
        String tn = sms.trackingNumber();
        String phone = sms.phone();
        // the same text to the same phone, but two days before this message was planned: another message
        providerLists(phone, providerMessage("SMolder" + tn, phone, "text", "delivered",
                Instant.now().minus(Duration.ofDays(2))));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(smsTo(phone)).hasSize(1));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(notifications(tn).getString("[0].status"))
                .isEqualTo("SENT"));
        assertThat(notifications(tn).getString("[0].providerMessageId")).isNotEqualTo("SMolder" + tn);
    }

    @Test
    void shouldNotSendAnSmsAgainWhileTheProviderCannotSayWhetherItHasIt() throws SQLException {
        KilledSms sms = killedSms();
        String tn = sms.trackingNumber();
        String phone = sms.phone();
        MailAndSmsSinks.wireMock().stubFor(get(urlPathEqualTo(SMS_PATH)).atPriority(1)
                .withQueryParam("To", equalTo(phone)).willReturn(aResponse().withStatus(503)));
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(notifications(tn).getString("[0].detail"))
                .contains("could not ask the SMS provider"));
        assertThat(notifications(tn).getString("[0].status")).isEqualTo("PENDING");
        assertThat(smsTo(phone)).isEmpty();
    }

    /** An SMS as a sender killed during the provider call leaves it: SENDING, attempt 1, its lease run out. */
    record KilledSms(UUID id, String trackingNumber, String phone) {
    }

    private static KilledSms killedSms() throws SQLException {
        KilledSms sms = new KilledSms(UUID.randomUUID(), TrackingNumbers.generate("TL", "NL"), person("en").phone());
        insertSending(sms.id(), sms.trackingNumber(), "SMS", sms.phone(), Instant.now().minusSeconds(10));
        return sms;
    }

    /** The provider's list of messages to {@code phone} (Twilio's "read multiple Message resources"). */
    private static void providerLists(String phone, String... messages) {
        MailAndSmsSinks.wireMock().stubFor(get(urlPathEqualTo(SMS_PATH)).atPriority(1)
                .withQueryParam("To", equalTo(phone))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"messages\": [" + String.join(",", messages) + "], \"next_page_uri\": null, "
                                + "\"page\": 0, \"page_size\": 100}")));
    }

    private static String providerMessage(String sid, String to, String body, String status, Instant created) {
        String date = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC)
                .format(created);
        return "{\"sid\": \"" + sid + "\", \"to\": \"" + to + "\", \"from\": \"+15005550006\", \"body\": \""
                + body + "\", \"status\": \"" + status + "\", \"date_created\": \"" + date + "\"}";
    }

    @Test
    void shouldWaitAsLongAsTheProvidersRetryAfterSays() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        MailAndSmsSinks.wireMock().stubFor(post(urlPathEqualTo(SMS_PATH)).atPriority(1)
                .withFormParam("To", equalTo(ada.phone()))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"code\": 20429, \"message\": \"Too Many Requests\"}")));
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).untilAsserted(() -> {
            var sms = notifications(tn).getMap("find { it.channel == 'SMS' }");
            assertThat(sms).isNotNull();
            assertThat(sms.get("status")).isEqualTo("PENDING");
            assertThat((String) sms.get("detail")).contains("429");
            // %test max-backoff is 1 s: only the provider's 30 s puts the next attempt this far out
            assertThat(Duration.between(Instant.parse((String) sms.get("updatedAt")),
                    Instant.parse((String) sms.get("nextAttemptAt")))).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        });
        assertThat(smsTo(ada.phone())).hasSize(1);
    }

    @Test
    void shouldSkipAnOutForDeliveryEmailStillDueWhenTheParcelIsDelivered() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).until(() -> mailsTo(ada.email()).size() == 1);
        MailAndSmsSinks.stopSmtp();
        try {
            publish(kafka, milestone(EventType.OUT_FOR_DELIVERY, tn));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(notifications(tn).getInt(
                    "find { it.channel == 'EMAIL' && it.eventType == 'OutForDelivery' }.attempts"))
                    .isGreaterThanOrEqualTo(1));
            publish(kafka, milestone(EventType.DELIVERED, tn));
            await().atMost(PATIENCE).until(() -> notifications(tn).getMap(
                    "find { it.channel == 'EMAIL' && it.eventType == 'Delivered' }") != null);
        } finally {
            MailAndSmsSinks.startSmtp();
        }
        await().atMost(PATIENCE).until(() -> "SENT".equals(notifications(tn).getString(
                "find { it.channel == 'EMAIL' && it.eventType == 'Delivered' }.status")));
        var outForDelivery = notifications(tn).getMap("find { it.channel == 'EMAIL' && it.eventType == 'OutForDelivery' }");
        assertThat(outForDelivery.get("status")).isEqualTo("SKIPPED");
        assertThat(outForDelivery.get("detail")).isEqualTo(ShipmentState.DELIVERED_ALREADY);
        // the new SMTP server got the delivery email (and the feedback request after it), never "today"
        assertThat(mailsTo(ada.email())).extracting(NotificationTestData::subject)
                .anyMatch(subject -> subject.contains("has been delivered"))
                .noneMatch(subject -> subject.contains("today"));
    }

    /** The database refuses the first {@code times} recordings of a send to {@code recipient} (a trigger). */
    private static void refuseToRecordSent(String recipient, int times) throws SQLException {
        String sequence = "refusals_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = TestDatabases.connect(TracklineTestEnvironment.database());
                var statement = connection.createStatement()) {
            statement.execute("CREATE SEQUENCE " + sequence);
            statement.execute("""
                    CREATE OR REPLACE FUNCTION %1$s() RETURNS trigger AS $$
                    BEGIN
                        IF NEW.recipient = '%2$s' AND NEW.status = 'SENT' AND nextval('%1$s') <= %3$d THEN
                            RAISE EXCEPTION 'test: the database refuses to record the send';
                        END IF;
                        RETURN NEW;
                    END $$ LANGUAGE plpgsql""".formatted(sequence, recipient, times));
            statement.execute("CREATE TRIGGER " + sequence + " BEFORE UPDATE ON notification FOR EACH ROW "
                    + "EXECUTE FUNCTION " + sequence + "()");
        }
    }
}
