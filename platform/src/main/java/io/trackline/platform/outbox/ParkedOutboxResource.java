package io.trackline.platform.outbox;

import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Ops' view of the outbox rows the relay parked, in every service with an outbox. */
@Path("/api/v1/outbox/parked")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPS)
public class ParkedOutboxResource {

    private static final int MAX_LIMIT = 1000;

    @Inject
    ParkedOutbox parked;

    @GET
    public List<ParkedOutbox.Row> list(@QueryParam("limit") @DefaultValue("100") int limit) throws SQLException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return parked.list(limit);
    }

    /** Puts a parked row back at the end of the outbox, for once its cause is fixed; it is parked again if not. */
    @POST
    @Path("/{id}/retry")
    public Response retry(@PathParam("id") String id) throws SQLException {
        if (!parked.retry(uuid(id))) {
            throw ProblemException.notFound("no parked outbox row " + id);
        }
        return Response.accepted().build();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no parked outbox row " + id);
        }
    }
}
