package io.trackline.notification.rest;

import io.trackline.notification.Notification;
import io.trackline.notification.render.Masking;
import io.trackline.platform.problem.FieldErrors;
import io.trackline.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Every communication of a shipment: what went out, on which channel, to whom (masked), and how it ended. */
@Path("/api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    public record NotificationView(String id, String eventId, String eventType, String trackingNumber,
            String channel, String recipientKind, String recipient, String purpose, String template, String language,
            String subject, String body, Integer segments, String status, String provider, String providerMessageId,
            String providerStatus, int attempts, String nextAttemptAt, String detail, String createdAt,
            String sentAt, String updatedAt) {

        static NotificationView of(Notification n) {
            return new NotificationView(n.id.toString(), n.eventId, n.eventType, n.trackingNumber, n.channel,
                    n.recipientKind, Masking.recipient(n.channel, n.recipient), n.purpose, n.template, n.language,
                    n.subject, n.body, n.segments, n.status, n.provider, n.providerMessageId, n.providerStatus,
                    n.attempts, text(n.nextAttemptAt), n.detail, text(n.createdAt), text(n.sentAt),
                    text(n.updatedAt));
        }

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }
    }

    @GET
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public List<NotificationView> list(@QueryParam("trackingNumber") String trackingNumber) {
        if (trackingNumber == null || trackingNumber.isBlank()) {
            new FieldErrors().add("trackingNumber", "is required").throwIfAny();
        }
        return Notification.<Notification>list("trackingNumber = ?1 order by createdAt, channel, recipientKind",
                trackingNumber).stream().map(NotificationView::of).toList();
    }
}
