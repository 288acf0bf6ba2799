package io.trackline.audit.rest;

import io.trackline.audit.service.AuditLog;
import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    @Inject
    AuditLog log;

    @GET
    @Path("/records")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public List<AuditRecordView> records(@QueryParam("trackingNumber") String trackingNumber) {
        if (trackingNumber == null || trackingNumber.isBlank()) {
            throw ProblemException.badRequest("trackingNumber is required");
        }
        return log.byTrackingNumber(trackingNumber).stream().map(AuditRecordView::of).toList();
    }
}
