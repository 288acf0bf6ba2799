package io.trackline.notification.planning;

import io.trackline.events.EventType;
import io.trackline.events.data.EscalationRaised;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.EventData;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.notification.CustomerContact;
import io.trackline.notification.Notification;
import io.trackline.notification.render.MessageModel;
import io.trackline.notification.render.MessageRenderer;
import io.trackline.platform.security.TrackingLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What a message about a planned event says, for the templates: the event's facts in the reader's language. */
@ApplicationScoped
class MessageModels {

    @Inject
    TrackingLinks trackingLinks;

    @Inject
    Clock clock;

    MessageModel model(PlannedEvent planned, String purpose, String language, String unsubscribeUrl) {
        CustomerContact contact = planned.contact();
        String kind = Notification.PURPOSE_FEEDBACK_REQUEST.equals(purpose) ? "FeedbackRequest"
                : planned.type().typeName();
        String reason = null;
        String description = null;
        List<String> steps = List.of();
        Location location = null;
        EventData data = planned.event().data();
        if (data instanceof ExceptionRaised exception) {
            reason = MessageRenderer.reasonText(exception.reason(), language);
            description = exception.description();
            steps = orNone(exception.resolutionSteps());
            location = exception.location();
        } else if (data instanceof EscalationRaised escalation) {
            reason = MessageRenderer.reasonText(escalation.reason(), language);
            description = "Level " + escalation.level() + " escalation (" + escalation.trigger() + ")"
                    + (escalation.description() == null ? "" : ": " + escalation.description());
        } else if (data instanceof EtaUpdated eta) {
            reason = MessageRenderer.reasonText(eta.reason(), language);
            steps = orNone(eta.resolutionSteps());
        } else if (data instanceof Milestone milestone) {
            location = milestone.location();
        }
        String trackingUrl = contact != null && contact.trackingUrl != null ? contact.trackingUrl
                : trackingLinks.link(planned.trackingNumber());
        // a report after delivery (e.g. damage) has no delivery date to promise
        boolean afterDelivery = planned.type() == EventType.EXCEPTION_RAISED
                && planned.state().deliveredBy(planned.occurredAt(Instant.now(clock)));
        LocalDate estimate = contact == null || afterDelivery ? null : contact.estimatedDelivery;
        return new MessageModel(kind, language, contact == null ? null : contact.name, planned.trackingNumber(),
                planned.orderId(), trackingUrl, MessageRenderer.date(estimate, language), reason, description, steps,
                location == null ? null : location.city() == null ? location.facility() : location.city(),
                unsubscribeUrl, !afterDelivery && planned.bringsDate());
    }

    private static List<String> orNone(List<String> steps) {
        return steps == null ? List.of() : steps;
    }
}
