package io.trackline.notification;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.Customer;
import io.trackline.events.data.Destination;
import io.trackline.events.data.EscalationRaised;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.FeedbackReceived;
import io.trackline.events.data.Item;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.testing.KafkaTestClient;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Events as order-service, carriers and exception-service publish them, and readers for what came out. */
final class NotificationTestData {

    static final LocalDate FIRST_ESTIMATE = LocalDate.of(2026, 12, 1);

    private NotificationTestData() {
    }

    record Person(String name, String email, String phone, String language) {
    }

    static Person person(String language) {
        return person("Ada Lovelace", language);
    }

    static Person person(String name, String language) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return new Person(name, "ada." + id + "@example.com",
                "+3161" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999)), language);
    }

    static CloudEvent confirmed(String tn, Person person, String trackingUrl) {
        return confirmed(tn, person, trackingUrl, now());
    }

    static CloudEvent confirmed(String tn, Person person, String trackingUrl, OffsetDateTime time) {
        OrderConfirmed data = new OrderConfirmed(UUID.randomUUID().toString(), "WEB-" + tn, "webshop",
                "STANDARD", new Customer(person.name(), person.email(), person.phone(), person.language(),
                "Europe/Amsterdam"), new Destination("Amsterdam", "1012 LG", "NL"),
                List.of(new Item("SKU-1", "Teapot", 1)), tn, trackingUrl, FIRST_ESTIMATE);
        return Events.create(EventType.ORDER_CONFIRMED, "/test/order-service", tn, time, data,
                Map.of("orderid", data.orderId()));
    }

    static CloudEvent milestone(EventType type, String tn) {
        return milestone(type, tn, now(), null);
    }

    static CloudEvent milestone(EventType type, String tn, OffsetDateTime time, LocalDate estimatedDelivery) {
        Milestone data = new Milestone(new Location("Hub", "Utrecht", "NL", null, null), "ACME", null, null,
                estimatedDelivery, null, null, null);
        return Events.create(type, "/test/carrier", tn, time, data, Map.of());
    }

    /** The proof of delivery a driver captures after the carrier's Delivered scan: a second Delivered. */
    static CloudEvent proofOfDelivery(String tn, OffsetDateTime time) {
        Milestone data = new Milestone(new Location("Home", "Amsterdam", "NL", null, null), "ACME", null,
                "Signed at the door", null, "POD-" + UUID.randomUUID(), "A. Lovelace", "driver-7");
        return Events.create(EventType.DELIVERED, "/trackline/tracking-service/proof", tn, time, data, Map.of());
    }

    static CloudEvent exception(String tn, LocalDate revised, List<String> steps) {
        return exception(tn, now(), ExceptionReason.WEATHER, ExceptionSource.REPORTED, revised, steps);
    }

    static CloudEvent exception(String tn, OffsetDateTime time, ExceptionReason reason, ExceptionSource source,
            LocalDate revised, List<String> steps) {
        ExceptionRaised data = new ExceptionRaised(UUID.randomUUID().toString(), reason, source,
                "Storm over the Utrecht hub", "ACME", new Location("Hub", "Utrecht", "NL", null, null), revised,
                steps);
        return Events.create(EventType.EXCEPTION_RAISED, "/test/exception-service", tn, time, data, Map.of());
    }

    static CloudEvent resolved(CloudEvent raised, OffsetDateTime time) {
        ExceptionResolved data = new ExceptionResolved(raised.data().path("caseId").asText(), raised.id(),
                ExceptionResolved.Resolution.SHIPMENT_MOVED_ON, null, "exception-service");
        return Events.create(EventType.EXCEPTION_RESOLVED, "/test/exception-service", raised.subject(), time, data,
                Map.of());
    }

    static CloudEvent etaUpdated(CloudEvent raised, OffsetDateTime time, LocalDate previous, LocalDate eta) {
        EtaUpdated data = new EtaUpdated(raised.data().path("caseId").asText(), raised.id(), previous, eta,
                ExceptionReason.valueOf(raised.data().path("reason").asText()), List.of("We deliver in 3 days"),
                "exception-service", false);
        return Events.create(EventType.ETA_UPDATED, "/test/exception-service", raised.subject(), time, data,
                Map.of());
    }

    static CloudEvent feedback(String tn, OffsetDateTime time) {
        return Events.create(EventType.FEEDBACK_RECEIVED, "/trackline/tracking-service/customer", tn, time,
                new FeedbackReceived(5, "Great", true), Map.of());
    }

    static CloudEvent escalation(String tn) {
        EscalationRaised data = new EscalationRaised(UUID.randomUUID().toString(), UUID.randomUUID().toString(), 2,
                EscalationRaised.Trigger.OPEN_TOO_LONG, ExceptionReason.FAILED_ATTEMPT,
                OffsetDateTime.now(ZoneOffset.UTC).minusDays(3).toInstant(), "Open for 3 days");
        return Events.create(EventType.ESCALATION_RAISED, "/test/exception-service", tn, now(), data, Map.of());
    }

    static void publish(KafkaTestClient kafka, CloudEvent event) {
        kafka.send(Topics.SHIPMENT_LIFECYCLE, event.subject(), EventCodec.toJson(event));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    /** Every mail the current SMTP server received for {@code address}. */
    static List<MimeMessage> mailsTo(String address) {
        var server = MailAndSmsSinks.greenMail();
        if (server == null) {
            return List.of();
        }
        return Arrays.stream(server.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String textPart(MimeMessage message) {
        return part(message, "text/plain");
    }

    static String htmlPart(MimeMessage message) {
        return part(message, "text/html");
    }

    private static String part(Part part, String type) {
        try {
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    String found = part(body, type);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message as a sender holds it after its claim: SENDING, attempt 1, leased until {@code claimedUntil}. */
    static void insertSending(UUID id, String tn, String address, Instant claimedUntil) throws java.sql.SQLException {
        insertSending(id, tn, "EMAIL", address, claimedUntil);
    }

    /** {@link #insertSending} for any channel and recipient. */
    static void insertSending(UUID id, String tn, String channel, String recipient, Instant claimedUntil)
            throws java.sql.SQLException {
        try (java.sql.Connection connection = io.trackline.testing.TestDatabases.connect(io.trackline.testing.TracklineTestEnvironment.database());
                var insert = connection.prepareStatement("""
                        INSERT INTO notification (id, event_id, event_type, tracking_number, channel, recipient_kind,
                            recipient, purpose, template, language, subject, body, html_body, status, attempts,
                            next_attempt_at, claimed_until, created_at, updated_at)
                        VALUES (?, ?, 'Dispatched', ?, ?, 'CUSTOMER', ?, 'EVENT', 'email/Dispatched/en', 'en',
                            'Your parcel is on its way', 'text', '<p>html</p>', 'SENDING', 1, now(), ?, now(), now())""")) {
            insert.setObject(1, id);
            insert.setString(2, UUID.randomUUID().toString());
            insert.setString(3, tn);
            insert.setString(4, channel);
            insert.setString(5, recipient);
            insert.setTimestamp(6, java.sql.Timestamp.from(claimedUntil));
            insert.executeUpdate();
        }
    }

    /**
     * Posts the SMS provider's status callback to the URL notification-service gave it ({@code StatusCallback}),
     * as Twilio does: a form with MessageSid and MessageStatus.
     */
    static void postSmsStatus(String statusCallback, String sid, String status, int expected) {
        java.net.URI callback = java.net.URI.create(statusCallback);
        io.restassured.RestAssured.given().urlEncodingEnabled(false).contentType("application/x-www-form-urlencoded")
                .formParam("MessageSid", sid).formParam("MessageStatus", status)
                .formParam("AccountSid", MailAndSmsSinks.ACCOUNT_SID)
                .when().post(callback.getRawPath() + "?" + callback.getRawQuery()).then().statusCode(expected);
    }

}
