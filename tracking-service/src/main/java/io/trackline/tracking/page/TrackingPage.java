package io.trackline.tracking.page;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.trackline.platform.problem.FieldErrors;
import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.TrackingLinks;
import io.trackline.tracking.service.CustomerActions;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The public tracking page a customer opens from the link in an email or text message. Only a valid token shows
 * a shipment; a wrong token gets the same "not found" as an unknown number, so numbers cannot be probed. A valid
 * token for a shipment not projected yet (the confirmation email can be quicker than this service, which takes
 * the same {@code OrderConfirmed} at its own pace) gets a page that says so and reloads itself.
 */
@Path("/track/{trackingNumber}")
@PermitAll
public class TrackingPage {

    private static final int MAX_TEXT = 2000;
    /** How soon the page for a shipment not known yet reloads itself. */
    static final int RELOAD_SECONDS = 3;

    /** A choice in a form's select. */
    public record Option(String value, String label) {
    }

    @Inject
    Template tracking;

    @Inject
    Template notFound;

    @Inject
    TrackingLinks links;

    @Inject
    PublicShipments views;

    @Inject
    PageTexts texts;

    @Inject
    LiveUpdates live;

    @Inject
    CustomerActions actions;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("trackingNumber") String trackingNumber, @QueryParam("t") String token,
            @QueryParam("done") String done, @HeaderParam("Accept-Language") String acceptLanguage) {
        if (!links.isValid(trackingNumber, token)) {
            return notFound(acceptLanguage);
        }
        Optional<PublicShipment> view = views.find(trackingNumber);
        if (view.isEmpty()) {
            return notYet(acceptLanguage);
        }
        PublicShipment shipment = view.get();
        Map<String, String> t = texts.forLanguage(shipment.language());
        TemplateInstance page = tracking.data("s", shipment)
                .data("t", t)
                .data("token", token)
                .data("done", done == null ? "" : done)
                .data("reportKinds", Arrays.stream(CustomerActions.ReportKind.values())
                        .map(k -> new Option(k.name(), t.get("report.kind." + k.name()))).toList());
        return Response.ok(page).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer").build();
    }

    /** Server-Sent Events: the current view, then a fresh one whenever the shipment changes. */
    @GET
    @Path("/live")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<PublicShipment> live(@PathParam("trackingNumber") String trackingNumber,
            @QueryParam("t") String token) {
        if (!links.isValid(trackingNumber, token)) {
            throw ProblemException.notFound("no shipment " + trackingNumber);
        }
        PublicShipment current = views.find(trackingNumber)
                .orElseThrow(() -> ProblemException.notFound("no shipment " + trackingNumber));
        return live.watch(trackingNumber, () -> current);
    }

    @POST
    @Path("/feedback")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response feedback(@PathParam("trackingNumber") String trackingNumber, @RestForm("t") String token,
            @RestForm("rating") String rating, @RestForm("comment") String comment,
            @RestForm("goodOrder") String goodOrder, @HeaderParam("Accept-Language") String acceptLanguage) {
        if (!links.isValid(trackingNumber, token)) {
            return notFound(acceptLanguage);
        }
        FieldErrors errors = new FieldErrors();
        errors.checkNoNul("comment", comment);
        errors.throwIfAny();
        int stars = parseRating(rating);
        if (stars < 1 || (comment != null && comment.length() > MAX_TEXT)) {
            throw ProblemException.badRequest("rating must be 1 to 5 and the comment at most " + MAX_TEXT
                    + " characters");
        }
        CustomerActions.Outcome outcome = actions.feedback(trackingNumber, stars, blankToNull(comment),
                goodOrder != null);
        return backToPage(trackingNumber, token, outcome == CustomerActions.Outcome.DONE ? "feedback" : "");
    }

    @POST
    @Path("/report")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response report(@PathParam("trackingNumber") String trackingNumber, @RestForm("t") String token,
            @RestForm("kind") String kind, @RestForm("text") String text,
            @HeaderParam("Accept-Language") String acceptLanguage) {
        if (!links.isValid(trackingNumber, token)) {
            return notFound(acceptLanguage);
        }
        CustomerActions.ReportKind reportKind = Arrays.stream(CustomerActions.ReportKind.values())
                .filter(k -> k.name().equals(kind)).findFirst()
                .orElseThrow(() -> ProblemException.badRequest("kind must be one of "
                        + Arrays.toString(CustomerActions.ReportKind.values())));
        FieldErrors errors = new FieldErrors();
        errors.checkNoNul("text", text);
        errors.throwIfAny();
        if (text != null && text.length() > MAX_TEXT) {
            throw ProblemException.badRequest("text: at most " + MAX_TEXT + " characters");
        }
        CustomerActions.Outcome outcome = actions.report(trackingNumber, reportKind, blankToNull(text));
        if (outcome == CustomerActions.Outcome.RATE_LIMITED) {
            return Response.status(429).header("Retry-After", "86400")
                    .entity(backToPageLink(trackingNumber, token, "limit")).type(MediaType.TEXT_HTML).build();
        }
        // nothing was stored for a shipment not known yet: no "thank you" for it
        return backToPage(trackingNumber, token, outcome == CustomerActions.Outcome.DONE ? "report" : "");
    }

    private Response notFound(String acceptLanguage) {
        return notFound(acceptLanguage, "not.found", false);
    }

    /** Our own link, for a shipment this service does not know yet: reload in a few seconds. */
    private Response notYet(String acceptLanguage) {
        return notFound(acceptLanguage, "not.yet", true);
    }

    private Response notFound(String acceptLanguage, String texts, boolean reload) {
        Map<String, String> t = this.texts.forLanguage(language(acceptLanguage));
        TemplateInstance page = notFound.data("title", t.get(texts + ".title")).data("text", t.get(texts + ".text"))
                .data("reloadSeconds", reload ? RELOAD_SECONDS : 0);
        Response.ResponseBuilder response = Response.status(404).entity(page).type(MediaType.TEXT_HTML);
        return reload ? response.header("Retry-After", RELOAD_SECONDS).build() : response.build();
    }

    private static Response backToPage(String trackingNumber, String token, String done) {
        return Response.seeOther(UriBuilder.fromPath("/track/{tn}").queryParam("t", token).queryParam("done", done)
                .build(trackingNumber)).build();
    }

    private static String backToPageLink(String trackingNumber, String token, String done) {
        return "<!doctype html><a href=\"" + UriBuilder.fromPath("/track/{tn}").queryParam("t", token)
                .queryParam("done", done).build(trackingNumber) + "\">Back</a>";
    }

    private static int parseRating(String rating) {
        try {
            int value = Integer.parseInt(rating);
            return value >= 1 && value <= 5 ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String language(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return PageTexts.DEFAULT_LANGUAGE;
        }
        try {
            return Locale.LanguageRange.parse(acceptLanguage).stream().findFirst()
                    .map(r -> r.getRange().split("-")[0]).orElse(PageTexts.DEFAULT_LANGUAGE);
        } catch (IllegalArgumentException e) {
            return PageTexts.DEFAULT_LANGUAGE;
        }
    }
}
