package io.trackline.audit.rest;

import io.trackline.audit.query.AuditQueries;
import io.trackline.audit.query.ShipmentHistory;
import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The full story of a shipment from the audit trail: milestones, exceptions and every message sent. */
@Path("/api/v1/shipments")
@Produces(MediaType.APPLICATION_JSON)
public class ShipmentHistoryResource {

    @Inject
    AuditQueries queries;

    @GET
    @Path("/{trackingNumber}/history")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public ShipmentHistory history(@PathParam("trackingNumber") String trackingNumber) {
        if (trackingNumber.length() > QueryParams.MAX_TEXT) {
            throw ProblemException.badRequest("a tracking number has at most " + QueryParams.MAX_TEXT + " characters");
        }
        return queries.history(trackingNumber).orElseThrow(() -> ProblemException.notFound(
                "nothing is recorded for tracking number " + trackingNumber));
    }
}
