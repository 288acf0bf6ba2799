package io.trackline.tracking.service;

import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.FeedbackReceived;
import io.trackline.platform.outbox.Outbox;
import io.trackline.tracking.CustomerFeedback;
import io.trackline.tracking.CustomerReport;
import io.trackline.tracking.Shipment;
import io.trackline.tracking.ShipmentStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * What customers do on the tracking page: give feedback after delivery ({@code FeedbackReceived}) and report a
 * problem ({@code ExceptionRaised} with source CUSTOMER). Each is stored and published in one transaction
 * through the outbox.
 */
@ApplicationScoped
@Transactional
public class CustomerActions {

    public static final String EVENT_SOURCE = "/trackline/tracking-service/customer";

    public enum Outcome { DONE, NOT_ALLOWED, RATE_LIMITED }

    public enum ReportKind {
        WRONG_ADDRESS(ExceptionReason.ADDRESS_ISSUE),
        NOT_RECEIVED(ExceptionReason.LOST),
        DAMAGED(ExceptionReason.DAMAGED),
        OTHER(ExceptionReason.OTHER);

        final ExceptionReason reason;

        ReportKind(ExceptionReason reason) {
            this.reason = reason;
        }
    }

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @ConfigProperty(name = "trackline.tracking.reports-per-day", defaultValue = "3")
    int reportsPerDay;

    /** Feedback once per shipment, after delivery. */
    public Outcome feedback(String trackingNumber, int rating, String comment, boolean receivedInGoodOrder) {
        Shipment shipment = Shipment.findById(trackingNumber, LockModeType.PESSIMISTIC_WRITE);
        if (shipment == null || shipment.status != ShipmentStatus.DELIVERED
                || CustomerFeedback.findByIdOptional(trackingNumber).isPresent()) {
            return Outcome.NOT_ALLOWED;
        }
        Instant now = now();
        CustomerFeedback feedback = new CustomerFeedback();
        feedback.trackingNumber = trackingNumber;
        feedback.rating = rating;
        feedback.comment = comment;
        feedback.receivedInGoodOrder = receivedInGoodOrder;
        feedback.createdAt = now;
        feedback.persist();
        outbox.add(Topics.SHIPMENT_LIFECYCLE, "Shipment", Events.create(EventType.FEEDBACK_RECEIVED, EVENT_SOURCE,
                trackingNumber, now.atOffset(ZoneOffset.UTC), new FeedbackReceived(rating, comment,
                        receivedInGoodOrder), orderExtension(shipment)));
        return Outcome.DONE;
    }

    /** A problem report, at most {@code reportsPerDay} per shipment in 24 hours. */
    public Outcome report(String trackingNumber, ReportKind kind, String text) {
        Shipment shipment = Shipment.findById(trackingNumber, LockModeType.PESSIMISTIC_WRITE);
        if (shipment == null) {
            return Outcome.NOT_ALLOWED;
        }
        Instant now = now();
        if (CustomerReport.since(trackingNumber, now.minus(Duration.ofDays(1))) >= reportsPerDay) {
            return Outcome.RATE_LIMITED;
        }
        CustomerReport report = new CustomerReport();
        report.trackingNumber = trackingNumber;
        report.kind = kind.name();
        report.text = text;
        report.createdAt = now;
        report.persist();
        outbox.add(Topics.SHIPMENT_LIFECYCLE, "Shipment", Events.create(EventType.EXCEPTION_RAISED, EVENT_SOURCE,
                trackingNumber, now.atOffset(ZoneOffset.UTC), new ExceptionRaised(null, kind.reason,
                        ExceptionSource.CUSTOMER, text == null || text.isBlank() ? null : text, null, null, null,
                        List.of()), orderExtension(shipment)));
        return Outcome.DONE;
    }

    private static Map<String, String> orderExtension(Shipment shipment) {
        return shipment.orderId == null ? Map.of() : Map.of("orderid", shipment.orderId);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
