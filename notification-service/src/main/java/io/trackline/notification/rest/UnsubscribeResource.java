package io.trackline.notification.rest;

import io.trackline.notification.render.LinkSigner;
import io.trackline.notification.service.Preferences;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The unsubscribe link of every email: no login, a signed token instead. */
@Path("/unsubscribe")
public class UnsubscribeResource {

    @Inject
    LinkSigner links;

    @Inject
    Preferences preferences;

    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Response unsubscribe(@QueryParam("c") String customer, @QueryParam("ch") String channel,
            @QueryParam("t") String token) {
        if (!("EMAIL".equals(channel) || "SMS".equals(channel)) || !links.isValidUnsubscribe(customer, channel, token)
                || Preferences.customerKey(customer).isEmpty()) {
            return Response.status(403).type(MediaType.TEXT_HTML).entity(page("This link is not valid",
                    "The unsubscribe link is incomplete or was changed. Please use the link from the email.")).build();
        }
        preferences.optOut(Preferences.customerKey(customer).get(), channel, "unsubscribe-link");
        return Response.ok(page("You are unsubscribed", "You will not receive " + ("EMAIL".equals(channel)
                ? "emails" : "text messages") + " about your deliveries any more. The tracking page keeps working."))
                .type(MediaType.TEXT_HTML).build();
    }

    private static String page(String title, String text) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>" + title
                + "</title></head><body style=\"font-family: Arial, sans-serif;\"><h1>" + title + "</h1><p>" + text
                + "</p></body></html>";
    }
}
