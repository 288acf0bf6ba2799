package io.trackline.notification.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.trackline.notification.CustomerPreference;
import io.trackline.notification.service.Preferences;
import io.trackline.platform.problem.FieldErrors;
import io.trackline.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Customer preferences, by email address or E.164 phone number. */
@Path("/api/v1/preferences/{customer}")
@Produces(MediaType.APPLICATION_JSON)
public class PreferenceResource {

    public record PreferenceRequest(Boolean emailOptOut, Boolean smsOptOut, String language) {
    }

    public record PreferenceView(String customer, boolean emailOptOut, boolean smsOptOut, String language,
            String updatedAt, String updatedBy) {

        static PreferenceView of(CustomerPreference p) {
            return new PreferenceView(p.customer, p.emailOptOut, p.smsOptOut, p.language,
                    p.updatedAt == null ? null : p.updatedAt.toString(), p.updatedBy);
        }
    }

    @Inject
    Preferences preferences;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({Roles.CUSTOMER_SERVICE, Roles.OPS})
    public PreferenceView get(@PathParam("customer") String customer) {
        String key = key(customer);
        return preferences.find(key).map(PreferenceView::of)
                .orElse(new PreferenceView(key, false, false, null, null, null));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CUSTOMER_SERVICE, Roles.OPS})
    public PreferenceView put(@PathParam("customer") String customer, PreferenceRequest request) {
        String key = key(customer);
        FieldErrors errors = new FieldErrors();
        errors.check(request != null, "", "a body with emailOptOut, smsOptOut and language is required");
        if (request != null && request.language() != null && !request.language().isBlank()) {
            errors.check(preferences.isSupported(request.language()), "language",
                    "must be one of the supported languages");
        }
        errors.throwIfAny();
        return PreferenceView.of(preferences.save(key, request.emailOptOut(), request.smsOptOut(),
                request.language(), identity.getPrincipal().getName()));
    }

    private static String key(String customer) {
        return Preferences.customerKey(customer).orElseGet(() -> {
            new FieldErrors().add("customer", "must be an email address or an E.164 phone number (+31612345678)")
                    .throwIfAny();
            return null;
        });
    }
}
