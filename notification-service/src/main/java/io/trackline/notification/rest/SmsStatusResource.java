package io.trackline.notification.rest;

import io.trackline.notification.render.LinkSigner;
import io.trackline.notification.service.SmsCallbacks;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.UUID;

/**
 * The SMS provider's StatusCallback (Twilio posts MessageSid and MessageStatus as a form). No login: the URL we
 * gave the provider carries a signed token for the message.
 */
@Path("/api/v1/sms/status")
public class SmsStatusResource {

    @Inject
    LinkSigner links;

    @Inject
    SmsCallbacks callbacks;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response status(@QueryParam("n") String notificationId, @QueryParam("t") String token,
            @FormParam("MessageSid") String messageSid, @FormParam("MessageStatus") String messageStatus) {
        if (!links.isValidSmsStatus(notificationId, token)) {
            return Response.status(403).build();
        }
        UUID id;
        try {
            id = UUID.fromString(notificationId);
        } catch (IllegalArgumentException e) {
            return Response.status(403).build();
        }
        if (messageStatus == null || messageStatus.isBlank()) {
            return Response.status(400).build();
        }
        return callbacks.apply(id, messageSid, messageStatus) ? Response.noContent().build()
                : Response.status(404).build();
    }
}
