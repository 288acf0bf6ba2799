package io.trackline.order.rest;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.trackline.order.CustomerOrder;
import io.trackline.order.OrderHistory;
import io.trackline.order.service.OrderLifecycle;
import io.trackline.order.service.OrderService;
import io.trackline.platform.problem.FieldErrors;
import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.Roles;
import io.trackline.platform.security.TrackingLinks;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    private static final int MAX_PAGE_SIZE = 200;

    @Inject
    OrderService orders;

    @Inject
    OrderLifecycle lifecycle;

    @Inject
    TrackingLinks links;

    @Inject
    SecurityIdentity identity;

    /** Confirms an order: 201 when created, 200 with the same order when an Idempotency-Key is replayed. */
    @POST
    @RolesAllowed({Roles.INGEST, Roles.CUSTOMER_SERVICE})
    public Response confirm(OrderRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @Context UriInfo uri) {
        OrderService.Confirmation confirmation = orders.confirm(request, idempotencyKey, actor());
        OrderResponse body = view(confirmation.order());
        if (!confirmation.created()) {
            return Response.ok(body).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(body.id().toString()).build()).entity(body).build();
    }

    @GET
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public OrderPage search(@QueryParam("status") String status, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        FieldErrors errors = new FieldErrors();
        CustomerOrder.Status statusFilter = null;
        if (status != null) {
            try {
                statusFilter = CustomerOrder.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                errors.add("status", "must be one of " + List.of(CustomerOrder.Status.values()));
            }
        }
        Instant fromFilter = instant(from, "from", errors);
        Instant toFilter = instant(to, "to", errors);
        errors.check(page >= 0, "page", "must be 0 or more");
        errors.check(size >= 1 && size <= MAX_PAGE_SIZE, "size", "must be between 1 and " + MAX_PAGE_SIZE);
        errors.throwIfAny();
        PanacheQuery<CustomerOrder> query = orders.search(statusFilter, fromFilter, toFilter)
                .page(io.quarkus.panache.common.Page.of(page, size));
        return new OrderPage(query.list().stream().map(this::view).toList(), page, size, query.count());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT, Roles.INGEST})
    public OrderResponse get(@PathParam("id") String id) {
        return view(orders.find(uuid(id)).orElseThrow(() -> ProblemException.notFound("no order " + id)));
    }

    @GET
    @Path("/by-tracking-number/{trackingNumber}")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT, Roles.INGEST})
    public OrderResponse byTrackingNumber(@PathParam("trackingNumber") String trackingNumber) {
        return view(CustomerOrder.findByTrackingNumber(trackingNumber)
                .orElseThrow(() -> ProblemException.notFound("no order with tracking number " + trackingNumber)));
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public List<HistoryEntry> history(@PathParam("id") String id) {
        UUID orderId = uuid(id);
        orders.find(orderId).orElseThrow(() -> ProblemException.notFound("no order " + id));
        return OrderHistory.of(orderId).stream().map(HistoryEntry::of).toList();
    }

    @POST
    @Path("/{id}/close")
    @RolesAllowed({Roles.CUSTOMER_SERVICE, Roles.OPS})
    public OrderResponse close(@PathParam("id") String id, OrderAction action) {
        return view(lifecycle.closeByHand(uuid(id), reason(action), actor()));
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({Roles.CUSTOMER_SERVICE, Roles.OPS})
    public OrderResponse cancel(@PathParam("id") String id, OrderAction action) {
        return view(lifecycle.cancel(uuid(id), reason(action), actor()));
    }

    private OrderResponse view(CustomerOrder order) {
        return OrderResponse.of(order, links.link(order.trackingNumber));
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static String reason(OrderAction action) {
        if (action == null || action.reason() == null || action.reason().isBlank() || action.reason().length() > 2000) {
            throw ProblemException.validation(List.of(new io.trackline.platform.problem.Problem.FieldError("reason",
                    "required, at most 2000 characters")));
        }
        return action.reason().trim();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no order " + id);
        }
    }

    private static Instant instant(String value, String field, FieldErrors errors) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(field, "must be an ISO-8601 instant, e.g. 2026-11-26T00:00:00Z");
            return null;
        }
    }
}
