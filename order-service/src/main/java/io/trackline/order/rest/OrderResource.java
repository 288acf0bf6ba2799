package io.trackline.order.rest;

import io.trackline.order.service.OrderService;
import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.Roles;
import io.trackline.platform.security.TrackingLinks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;

import java.util.UUID;

@Path("/api/v1/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    @Inject
    OrderService orders;

    @Inject
    TrackingLinks links;

    /** Confirms an order: 201 when created, 200 with the same order when an Idempotency-Key is replayed. */
    @POST
    @RolesAllowed({Roles.INGEST, Roles.CUSTOMER_SERVICE})
    public Response confirm(OrderRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context UriInfo uri) {
        OrderService.Confirmation confirmation = orders.confirm(request, idempotencyKey);
        OrderResponse body = OrderResponse.of(confirmation.order(), links.link(confirmation.order().trackingNumber));
        if (!confirmation.created()) {
            return Response.ok(body).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(body.id().toString()).build()).entity(body).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT, Roles.INGEST})
    public OrderResponse get(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no order " + id);
        }
        return orders.find(uuid).map(o -> OrderResponse.of(o, links.link(o.trackingNumber)))
                .orElseThrow(() -> ProblemException.notFound("no order " + id));
    }
}
