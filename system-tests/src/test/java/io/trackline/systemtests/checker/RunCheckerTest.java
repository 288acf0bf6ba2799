package io.trackline.systemtests.checker;

import io.trackline.systemtests.checker.Observed.AuditRecord;
import io.trackline.systemtests.checker.Observed.DeadLetter;
import io.trackline.systemtests.checker.Observed.Mail;
import io.trackline.systemtests.checker.Observed.Notification;
import io.trackline.systemtests.checker.Observed.Shipment;
import io.trackline.systemtests.checker.Observed.Sms;
import io.trackline.systemtests.checker.StatusSampler.Regression;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker's verdicts on made-up observations of one shipment through its whole lifecycle: a clean run passes,
 * and each kind of failure is counted where it belongs. The matrix is the one notification-service ships.
 */
class RunCheckerTest {

    private static final CommunicationMatrix MATRIX = CommunicationMatrix.read(
            Path.of("../notification-service/src/main/resources/communication-matrix.yaml"));
    private static final String TN = "FT000000001NL";
    private static final String EMAIL = "a@faults.example.com";
    private static final String PHONE = "+31620000001";
    private static final List<String> TYPES = List.of("OrderConfirmed", "Dispatched", "InTransit", "InTransit",
            "OutForDelivery", "Delivered");
    private static final Instant T0 = Instant.parse("2026-12-03T09:00:00Z");

    /** One shipment's events, its notifications and what the providers received, all as it should be. */
    private final List<PublishedEvent> events = new ArrayList<>();
    private final List<Notification> notifications = new ArrayList<>();
    private final List<Mail> mails = new ArrayList<>();
    private final List<Sms> sms = new ArrayList<>();
    private final List<AuditRecord> audit = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final List<Regression> regressions = new ArrayList<>();
    private final List<String> timelineIds = new ArrayList<>();

    RunCheckerTest() {
        for (int i = 0; i < TYPES.size(); i++) {
            String type = TYPES.get(i);
            String id = "e" + i;
            events.add(new PublishedEvent(id, "/test", type, TN, OffsetDateTime.now(ZoneOffset.UTC),
                    EventOrigin.KAFKA));
            audit.add(new AuditRecord(id, "LIFECYCLE", type, TN, null));
            timelineIds.add(id);
            if (!type.equals("InTransit")) {
                received(id, type, "EMAIL", "EVENT", i * 10);
                received(id, type, "SMS", "EVENT", i * 10 + 1);
            }
        }
        received("e5", "Delivered", "EMAIL", "FEEDBACK_REQUEST", 70);
    }

    private void received(String eventId, String type, String channel, String purpose, int second) {
        String id = eventId + "-" + channel + "-" + purpose;
        notifications.add(new Notification(id, eventId, type, TN, channel, "CUSTOMER", purpose, "SENT", null));
        if (channel.equals("EMAIL")) {
            mails.add(new Mail(id, List.of(EMAIL), T0.plusSeconds(second), type));
        } else {
            sms.add(new Sms(id, PHONE, T0.plusSeconds(second)));
        }
    }

    private RunReport check(boolean smsOptOut) {
        Shipment shipment = new Shipment(TN, "DELIVERED", timelineIds, TYPES);
        Observed observed = new Observed(mails, sms, Map.of(TN, shipment), notifications, audit, deadLetters);
        RunInput input = new RunInput("test", events, List.of(new Recipient(TN, EMAIL, PHONE, smsOptOut)), List.of(),
                true);
        return RunChecker.evaluate(input, observed, MATRIX, regressions, 10, 1);
    }

    @Test
    void shouldPassACleanRun() {
        RunReport report = check(false);

        assertThat(report.findings()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.eventsIn()).isEqualTo(6);
        assertThat(report.messagesExpected()).isEqualTo(9);
        assertThat(report.messagesReceived()).isEqualTo(9);
    }

    @Test
    void shouldCountTheSameNotificationTwiceAtTheProviderAsADuplicate() {
        mails.add(new Mail("e1-EMAIL-EVENT", List.of(EMAIL), T0.plusSeconds(15), "Dispatched"));

        RunReport report = check(false);

        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void shouldAllowOnlyRepeatsOfOneEmailWithinTheBoundWhereTheDesignAllowsThem() {
        mails.add(new Mail("e1-EMAIL-EVENT", List.of(EMAIL), T0.plusSeconds(15), "Dispatched"));
        mails.add(new Mail("e1-EMAIL-EVENT", List.of(EMAIL), T0.plusSeconds(16), "Dispatched"));

        RunReport thrice = check(false);
        assertThat(thrice.boundedEmailRepeats()).isEqualTo(2);
        assertThat(thrice.passedAllowingBoundedEmailRepeats()).isTrue();

        mails.add(new Mail("e1-EMAIL-EVENT", List.of(EMAIL), T0.plusSeconds(17), "Dispatched"));
        assertThat(check(false).passedAllowingBoundedEmailRepeats()).as("four times: past the bound").isFalse();

        mails.removeIf(m -> m.receivedAt().isAfter(T0.plusSeconds(14)) && m.notificationId().equals("e1-EMAIL-EVENT"));
        sms.add(new Sms("e1-SMS-EVENT", PHONE, T0.plusSeconds(15)));
        assertThat(check(false).passedAllowingBoundedEmailRepeats()).as("an SMS twice is never allowed").isFalse();
    }

    @Test
    void shouldCountTwoNotificationsOfOneEventChannelAndRecipientAsADuplicate() {
        notifications.add(new Notification("second", "e1", "Dispatched", TN, "SMS", "CUSTOMER", "EVENT", "SENT",
                null));
        sms.add(new Sms("second", PHONE, T0.plusSeconds(16)));

        assertThat(check(false).duplicates()).isEqualTo(1);
    }

    @Test
    void shouldCountAMessageNeitherReceivedNorSkippedWithAReasonAsMissing() {
        sms.removeIf(s -> s.notificationId().equals("e4-SMS-EVENT"));
        mails.removeIf(m -> m.notificationId().equals("e4-EMAIL-EVENT"));
        notifications.replaceAll(n -> n.id().equals("e4-EMAIL-EVENT") ? new Notification(n.id(), n.eventId(),
                n.eventType(), TN, n.channel(), n.recipientKind(), n.purpose(), "SKIPPED",
                "the parcel was delivered already") : n);

        RunReport report = check(false);

        assertThat(report.missing()).as("the SMS: still SENT, never at the provider").isEqualTo(1);
        assertThat(report.skipped()).as("the email: skipped with its reason").isEqualTo(1);
    }

    @Test
    void shouldCountAStaleMessageAfterDeliveryAndAnSmsToAnOptedOutCustomerAsWrong() {
        sms.replaceAll(s -> s.notificationId().equals("e4-SMS-EVENT") ? new Sms(s.notificationId(), PHONE,
                T0.plusSeconds(99)) : s);

        assertThat(check(false).wrong()).as("out for delivery after delivered").isEqualTo(1);
        assertThat(check(true).wrong()).as("plus the four SMS to a customer who opted out").isEqualTo(5);
    }

    @Test
    void shouldCountLostEventsAuditGapsRegressionsAndDeadLettersWithoutReason() {
        events.add(new PublishedEvent("nowhere", "/test", "InTransit", TN, null, EventOrigin.KAFKA));
        audit.add(new AuditRecord("e1", "LIFECYCLE", "Dispatched", TN, null));
        audit.removeIf(r -> r.eventId().equals("e2"));
        deadLetters.add(new DeadLetter(TN, null, "tracking-projection", null));
        regressions.add(new Regression(TN, ShipmentStatus.DELIVERED, ShipmentStatus.OUT_FOR_DELIVERY));

        RunReport report = check(false);

        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.auditDoubled()).isEqualTo(1);
        assertThat(report.auditMissing()).isEqualTo(1);
        assertThat(report.deadLettersWithoutReason()).isEqualTo(1);
        assertThat(report.regressions()).isEqualTo(1);
    }
}
