package io.trackline.notification;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.FeedbackReceived;
import io.trackline.events.data.Milestone;
import io.trackline.notification.render.MessageModel;
import io.trackline.notification.render.MessageRenderer;
import io.trackline.notification.render.RenderedSms;
import io.trackline.platform.security.TrackingLinks;
import io.trackline.testing.KafkaTestClient;
import io.trackline.testing.TestKafka;
import io.trackline.testing.TestTokens;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static io.trackline.notification.NotificationTestData.confirmed;
import static io.trackline.notification.NotificationTestData.htmlPart;
import static io.trackline.notification.NotificationTestData.mailsTo;
import static io.trackline.notification.NotificationTestData.milestone;
import static io.trackline.notification.NotificationTestData.person;
import static io.trackline.notification.NotificationTestData.publish;
import static io.trackline.notification.NotificationTestData.subject;
import static io.trackline.notification.NotificationTestData.textPart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The matrix rows that reach customers: real email through GreenMail, real SMS requests to the WireMock provider. */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "notification"), scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailAndSmsSinks.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CustomerMessagesTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String SMS_PATH = "/2010-04-01/Accounts/" + MailAndSmsSinks.ACCOUNT_SID + "/Messages.json";

    static KafkaTestClient kafka;

    @Inject
    TrackingLinks trackingLinks;

    @Inject
    MessageRenderer renderer;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient(TestKafka.bootstrapServers());
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void shouldEmailAndTextTheCustomerAtEveryMilestoneInTheirLanguageWithAWorkingTrackingLink() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("nl");
        String link = trackingLinks.link(tn);
        publish(kafka, confirmed(tn, ada, link));
        publish(kafka, milestone(EventType.DISPATCHED, tn));
        publish(kafka, milestone(EventType.OUT_FOR_DELIVERY, tn));
        // delivered only once the earlier emails are out: one still due after delivery would be skipped as stale
        await().atMost(PATIENCE).until(() -> mailsTo(ada.email()).size() >= 3);
        publish(kafka, milestone(EventType.DELIVERED, tn));

        // four milestone emails and the feedback request (1 s after delivery in tests)
        await().atMost(PATIENCE).until(() -> mailsTo(ada.email()).size() >= 5);
        List<MimeMessage> mails = mailsTo(ada.email());
        assertThat(mails).extracting(NotificationTestData::subject).containsExactlyInAnyOrder(
                subjectOf(mails, "is bevestigd"), "Je pakket " + tn + " is onderweg",
                "Je pakket " + tn + " wordt vandaag bezorgd", "Je pakket " + tn + " is bezorgd",
                "Hoe was de bezorging van " + tn + "?");
        for (MimeMessage mail : mails) {
            String text = textPart(mail);
            String html = htmlPart(mail);
            assertThat(text).contains(link).contains("Hallo Ada Lovelace").contains("/unsubscribe?c=");
            assertThat(html).contains(link.replace("&", "&amp;")).contains("Afmelden");
            String linkInMail = firstMatch(text, "(http://\\S+/track/\\S+)");
            String token = URLDecoder.decode(linkInMail.substring(linkInMail.indexOf("?t=") + 3),
                    StandardCharsets.UTF_8);
            assertThat(trackingLinks.isValid(tn, token)).as("tracking link token").isTrue();
            if (!subject(mail).contains("bezorgd") && !subject(mail).startsWith("Hoe")) {
                assertThat(text).contains("Verwachte bezorgdatum: dinsdag 1 december 2026");
            }
        }

        await().atMost(PATIENCE).until(() -> smsTo(ada.phone()).size() >= 4);
        List<String> bodies = smsTo(ada.phone()).stream().map(r -> form(r).get("Body")).toList();
        assertThat(bodies).hasSize(4).allSatisfy(body -> assertThat(body).contains(tn).contains(link));
        assertThat(bodies).anySatisfy(body -> assertThat(body).startsWith("Bestelling ")
                .contains("verwacht dinsdag 1 december 2026"));
        assertThat(form(smsTo(ada.phone()).get(0))).containsEntry("From", "+15005550006");
        assertThat(smsTo(ada.phone()).get(0).getHeader("Authorization")).startsWith("Basic ");

        JsonPath notifications = notifications(tn);
        assertThat(notifications.getList("findAll { it.status == 'SENT' }")).hasSize(9);
        // short enough for one GSM-7 segment each, counted and stored
        assertThat(notifications.getList("findAll { it.channel == 'SMS' }.body", String.class))
                .allSatisfy(body -> assertThat(body.length()).isLessThanOrEqualTo(160));
        assertThat(notifications.getList("findAll { it.channel == 'SMS' }.segments", Integer.class))
                .containsOnly(1);
        assertThat(notifications.getList("recipient", String.class)).noneMatch(r -> r.equals(ada.email())
                || r.equals(ada.phone()));
    }

    @Test
    void shouldNotAskForFeedbackTheCustomerAlreadyGave() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        // delivered "in a minute": the request is due a minute and a second from now, well after the feedback
        OffsetDateTime deliveredAt = OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(1);
        publish(kafka, Events.create(EventType.DELIVERED, "/test/carrier", tn, deliveredAt,
                new Milestone(null, "ACME", null, null, null, null, null, null), Map.of()));
        publish(kafka, Events.create(EventType.FEEDBACK_RECEIVED, "/trackline/tracking-service", tn,
                OffsetDateTime.now(ZoneOffset.UTC), new FeedbackReceived(5, "Great", true), Map.of()));

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(notifications(tn).getString(
                "find { it.purpose == 'FEEDBACK_REQUEST' }.status")).isEqualTo("SKIPPED"));
        assertThat(notifications(tn).getString("find { it.purpose == 'FEEDBACK_REQUEST' }.detail"))
                .isEqualTo("the customer already gave feedback");
        assertThat(mailsTo(ada.email())).extracting(NotificationTestData::subject)
                .noneMatch(subject -> subject.startsWith("How was"));
    }

    @Test
    void shouldEscapeHtmlInTheCustomerNameAndWriteEnglishForAnEnglishCustomer() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person bob = person("<b>Bob</b> & <script>alert(1)</script>", "en");
        publish(kafka, confirmed(tn, bob, trackingLinks.link(tn)));
        await().atMost(PATIENCE).until(() -> mailsTo(bob.email()).size() == 1);
        MimeMessage mail = mailsTo(bob.email()).get(0);
        assertThat(subject(mail)).startsWith("Your order ").endsWith("tracking number " + tn);
        assertThat(htmlPart(mail)).contains("Hello &lt;b&gt;Bob&lt;/b&gt; &amp; &lt;script&gt;")
                .doesNotContain("<script>").doesNotContain("<b>Bob");
        assertThat(textPart(mail)).contains("Hello <b>Bob</b> & <script>alert(1)</script>,")
                .contains("Estimated delivery: Tuesday 1 December 2026");
    }

    @Test
    void shouldCountTheSegmentsOfAnSmsLongerThanOne() {
        String longUrl = "https://track.example.com/track/TL123456789NL?t=" + "x".repeat(120);
        RenderedSms sms = renderer.sms(new MessageModel("Dispatched", "en", "Ada", "TL123456789NL", null, longUrl,
                "Tuesday 1 December 2026", null, null, List.of(), null, null, false));
        assertThat(sms.text()).hasSizeGreaterThan(160).hasSizeLessThanOrEqualTo(306).contains(longUrl);
        assertThat(sms.segments()).isEqualTo(2);
        RenderedSms unicode = renderer.sms(new MessageModel("Dispatched", "nl", "Łukasz", "TL123456789NL", null,
                "https://t.example/ł", "dinsdag 1 december 2026", null, null, List.of(), null, null, false));
        assertThat(unicode.text()).hasSizeGreaterThan(70);
        assertThat(unicode.segments()).as("UCS-2: 67 characters per segment").isEqualTo(2);
    }

    @Test
    void shouldSendNothingOnAChannelTheCustomerOptedOutOfAndRecordItAsSkipped() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        given().header("Authorization", TestTokens.bearer("customer-service")).contentType("application/json")
                .body(Map.of("smsOptOut", true, "emailOptOut", false))
                .when().put("/api/v1/preferences/" + ada.phone())
                .then().statusCode(200);
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).until(() -> mailsTo(ada.email()).size() == 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                notifications(tn).getString("find { it.channel == 'SMS' }.status")).isEqualTo("SKIPPED"));
        assertThat(notifications(tn).getString("find { it.channel == 'SMS' }.detail"))
                .isEqualTo("the customer opted out of SMS");
        assertThat(smsTo(ada.phone())).isEmpty();
    }

    @Test
    void shouldWriteInThePreferredLanguageAndRefuseBadPreferences() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        given().contentType("application/json").body(Map.of("language", "nl"))
                .when().put("/api/v1/preferences/" + ada.email()).then().statusCode(401);
        given().header("Authorization", TestTokens.bearer("management")).contentType("application/json")
                .body(Map.of("language", "nl")).when().put("/api/v1/preferences/" + ada.email()).then().statusCode(403);
        given().header("Authorization", TestTokens.bearer("customer-service")).contentType("application/json")
                .body(Map.of("language", "fr")).when().put("/api/v1/preferences/" + ada.email())
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", TestTokens.bearer("customer-service")).contentType("application/json")
                .body(Map.of("language", "nl")).when().put("/api/v1/preferences/not-a-customer")
                .then().statusCode(400);
        given().header("Authorization", TestTokens.bearer("customer-service")).contentType("application/json")
                .body(Map.of("language", "nl")).when().put("/api/v1/preferences/" + ada.email())
                .then().statusCode(200).body("language", org.hamcrest.Matchers.equalTo("nl"))
                .body("updatedBy", org.hamcrest.Matchers.equalTo("test-customer-service"));

        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).until(() -> mailsTo(ada.email()).size() == 1 && smsTo(ada.phone()).size() == 1);
        assertThat(subject(mailsTo(ada.email()).get(0))).startsWith("Je bestelling ");
        assertThat(form(smsTo(ada.phone()).get(0)).get("Body")).startsWith("Bestelling ");
    }

    @Test
    void shouldSendOneMessagePerChannelForAnEventDeliveredThreeTimes() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        CloudEvent order = confirmed(tn, ada, trackingLinks.link(tn));
        publish(kafka, order);
        publish(kafka, order);
        publish(kafka, order);
        // same key, same partition: once Dispatched is done, every copy of the order was handled before it
        publish(kafka, milestone(EventType.DISPATCHED, tn));
        await().atMost(PATIENCE).until(() -> mailsTo(ada.email()).size() >= 2 && smsTo(ada.phone()).size() >= 2);
        await().atMost(PATIENCE).until(() -> notifications(tn).getList("findAll { it.status == 'SENT' }").size() == 4);
        assertThat(mailsTo(ada.email())).hasSize(2);
        assertThat(smsTo(ada.phone())).hasSize(2);
    }

    @Test
    void shouldUnsubscribeThroughTheSignedLinkInTheEmailWithoutLogin() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).until(() -> mailsTo(ada.email()).size() == 1);
        URI unsubscribe = URI.create(firstMatch(textPart(mailsTo(ada.email()).get(0)),
                "Unsubscribe from these emails: (\\S+)"));
        String pathAndQuery = unsubscribe.getRawPath() + "?" + unsubscribe.getRawQuery();

        given().urlEncodingEnabled(false).when().get(pathAndQuery.replaceAll("t=[^&]+", "t=forged"))
                .then().statusCode(403);
        given().urlEncodingEnabled(false).when().get(pathAndQuery).then().statusCode(200)
                .contentType("text/html").body(org.hamcrest.Matchers.containsString("You are unsubscribed"));
        given().header("Authorization", TestTokens.bearer("customer-service"))
                .when().get("/api/v1/preferences/" + ada.email().toUpperCase())
                .then().statusCode(200).body("emailOptOut", org.hamcrest.Matchers.equalTo(true))
                .body("smsOptOut", org.hamcrest.Matchers.equalTo(false));

        publish(kafka, milestone(EventType.DISPATCHED, tn));
        await().atMost(PATIENCE).until(() -> smsTo(ada.phone()).size() == 2);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(notifications(tn).getString(
                "find { it.channel == 'EMAIL' && it.eventType == 'Dispatched' }.status")).isEqualTo("SKIPPED"));
        assertThat(mailsTo(ada.email())).hasSize(1);
    }

    @Test
    void shouldKeepAMilestoneThatOvertookItsOrderConfirmedOnKafkaAndSendItOnceTheOrderArrives() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        publish(kafka, milestone(EventType.OUT_FOR_DELIVERY, tn));
        publish(kafka, confirmed(tn, ada, trackingLinks.link(tn)));
        await().atMost(PATIENCE).until(() -> mailsTo(ada.email()).size() == 2 && smsTo(ada.phone()).size() == 2);
        assertThat(mailsTo(ada.email())).extracting(NotificationTestData::subject)
                .contains("Your parcel " + tn + " will be delivered today");
        assertThat(notifications(tn).getList("status", String.class)).doesNotContain("SKIPPED");
    }

    @Test
    void shouldPublishAValidCommunicationRecordForEveryMessage() {
        String tn = TrackingNumbers.generate("TL", "NL");
        NotificationTestData.Person ada = person("en");
        CloudEvent order = confirmed(tn, ada, trackingLinks.link(tn));
        publish(kafka, order);
        List<ConsumerRecord<String, String>> records = kafka.await(Topics.COMMUNICATIONS,
                r -> tn.equals(r.key()), 2, PATIENCE);
        assertThat(records).hasSize(2);
        for (ConsumerRecord<String, String> record : records) {
            CloudEvent event = EventCodec.fromJson(record.value());
            assertThat(EventValidator.instance().problems(event)).isEmpty();
            assertThat(event.type()).isEqualTo("CommunicationSent");
            assertThat(event.subject()).isEqualTo(tn);
            assertThat(event.extension("orderid")).isEqualTo(order.data().get("orderId").asText());
            assertThat(event.data().get("causeEventId").asText()).isEqualTo(order.id());
            assertThat(event.data().get("recipient").asText()).doesNotContain(ada.email()).doesNotContain(ada.phone());
            assertThat(event.data().get("attempts").asInt()).isEqualTo(1);
        }
    }

    @Test
    void shouldShowTheCommunicationMatrixInForce() {
        given().when().get("/api/v1/communication-matrix").then().statusCode(401);
        JsonPath matrix = given().header("Authorization", TestTokens.bearer("ops"))
                .when().get("/api/v1/communication-matrix").then().statusCode(200).extract().jsonPath();
        assertThat(matrix.getString("source")).isEqualTo("classpath:communication-matrix.yaml");
        assertThat(matrix.getList("rows.event", String.class)).containsExactlyInAnyOrder("OrderConfirmed",
                "Dispatched", "InTransit", "OutForDelivery", "ExceptionRaised", "EtaUpdated", "EscalationRaised",
                "Delivered");
        assertThat(matrix.getList("rows.find { it.event == 'ExceptionRaised' }.deliveries.channel", String.class))
                .containsExactly("EMAIL", "PHONE", "EMAIL");
    }

    static JsonPath notifications(String tn) {
        return given().header("Authorization", TestTokens.bearer("ops")).queryParam("trackingNumber", tn)
                .when().get("/api/v1/notifications").then().statusCode(200).extract().jsonPath();
    }

    static List<LoggedRequest> smsTo(String phone) {
        return MailAndSmsSinks.wireMock().findAll(postRequestedFor(urlPathEqualTo(SMS_PATH))
                .withFormParam("To", equalTo(phone)));
    }

    static Map<String, String> form(LoggedRequest request) {
        Map<String, String> form = new java.util.HashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    static String firstMatch(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("'" + regex + "' in:\n" + text).isTrue();
        return matcher.group(1);
    }

    private static String subjectOf(List<MimeMessage> mails, String containing) {
        return mails.stream().map(NotificationTestData::subject).filter(s -> s.contains(containing)).findFirst()
                .orElse("no subject containing " + containing);
    }
}
