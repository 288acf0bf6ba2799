package io.trackline.tracking.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.trackline.platform.problem.Problem;
import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.Roles;
import io.trackline.tracking.service.MilestoneIngest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** Milestones from carriers' webhooks and manual updates by the logistics team. */
@Path("/api/v1/shipments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IngestResource {

    @Inject
    MilestoneIngest ingest;

    @Inject
    SecurityIdentity identity;

    /** One event for one shipment: 202 with the event id once the broker has it. */
    @POST
    @Path("/{trackingNumber}/events")
    @RolesAllowed({Roles.INGEST, Roles.OPS})
    public Response post(@PathParam("trackingNumber") String trackingNumber, MilestoneUpdate update) {
        if (update == null) {
            throw ProblemException.badRequest("a JSON event is required");
        }
        MilestoneUpdate forShipment = new MilestoneUpdate(update.id(), trackingNumber, update.type(),
                update.occurredAt(), update.location(), update.carrier(), update.carrierStatusCode(),
                update.description(), update.estimatedDelivery(), update.recipientName(), update.proofOfDeliveryId(),
                update.reason(), update.resolutionSteps());
        IngestResult result = ingest.ingest(List.of(forShipment), source(), recordedBy(), false);
        if (!result.rejected().isEmpty()) {
            throw ProblemException.validation(result.rejected().get(0).errors());
        }
        return Response.accepted(result.accepted().get(0)).build();
    }

    /**
     * Up to 1,000 events for any shipments. Valid ones are published, invalid ones listed with their reasons:
     * 202 when at least one was accepted, 400 when none was.
     */
    @POST
    @Path("/events")
    @RolesAllowed({Roles.INGEST, Roles.OPS})
    public Response batch(BatchRequest batch) {
        if (batch == null || batch.events() == null || batch.events().isEmpty()) {
            throw ProblemException.badRequest("events: at least one event is required");
        }
        if (batch.events().size() > MilestoneIngest.MAX_BATCH) {
            throw ProblemException.badRequest("events: at most " + MilestoneIngest.MAX_BATCH + " per batch, got "
                    + batch.events().size());
        }
        IngestResult result = ingest.ingest(batch.events(), source(), recordedBy(), true);
        if (result.accepted().isEmpty()) {
            throw ProblemException.validation(result.rejected().stream()
                    .flatMap(r -> r.errors().stream().map(e -> new Problem.FieldError(
                            "events[" + r.index() + "]" + (e.field().isEmpty() ? "" : "." + e.field()), e.message())))
                    .toList());
        }
        return Response.accepted(result).build();
    }

    private String source() {
        return (identity.hasRole(Roles.INGEST) ? "/ingest/" : "/ops/") + identity.getPrincipal().getName();
    }

    /** A manual update by the logistics team records who made it. */
    private String recordedBy() {
        return identity.hasRole(Roles.OPS) && !identity.hasRole(Roles.INGEST) ? identity.getPrincipal().getName()
                : null;
    }
}
