package io.trackline.tracking.rest;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.trackline.platform.problem.FieldErrors;
import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.Roles;
import io.trackline.tracking.Shipment;
import io.trackline.tracking.ShipmentEta;
import io.trackline.tracking.ShipmentEvent;
import io.trackline.tracking.ShipmentStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/** The shipment projection for ops: one shipment with its timeline, and filtered listings. */
@Path("/api/v1/shipments")
@Produces(MediaType.APPLICATION_JSON)
public class ShipmentResource {

    private static final int MAX_PAGE_SIZE = 200;

    public record ShipmentPage(List<ShipmentView> items, int page, int size, long total) {
    }

    @GET
    @Path("/{trackingNumber}")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT, Roles.INGEST})
    public ShipmentView get(@PathParam("trackingNumber") String trackingNumber) {
        Shipment shipment = Shipment.find(trackingNumber)
                .orElseThrow(() -> ProblemException.notFound("no shipment " + trackingNumber));
        return ShipmentView.of(shipment, ShipmentEvent.timeline(trackingNumber), ShipmentEta.history(trackingNumber));
    }

    /** Shipments by status, open exception and last change, most recently changed first (without timelines). */
    @GET
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public ShipmentPage list(@QueryParam("status") String status, @QueryParam("hasException") Boolean hasException,
            @QueryParam("updatedSince") String updatedSince, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        FieldErrors errors = new FieldErrors();
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (status != null) {
            if (errors.check(Arrays.stream(ShipmentStatus.values()).anyMatch(s -> s.name().equals(status)), "status",
                    "must be one of " + Arrays.toString(ShipmentStatus.values()))) {
                query.append(" and status = :status");
                parameters.and("status", ShipmentStatus.valueOf(status));
            }
        }
        if (hasException != null) {
            query.append(hasException ? " and openExceptionReason is not null" : " and openExceptionReason is null");
        }
        if (updatedSince != null) {
            try {
                parameters.and("since", Instant.parse(updatedSince));
                query.append(" and updatedAt >= :since");
            } catch (DateTimeParseException e) {
                errors.add("updatedSince", "must be an ISO-8601 instant, e.g. 2026-11-26T00:00:00Z");
            }
        }
        errors.check(page >= 0, "page", "must be 0 or more");
        errors.check(size >= 1 && size <= MAX_PAGE_SIZE, "size", "must be between 1 and " + MAX_PAGE_SIZE);
        errors.throwIfAny();
        PanacheQuery<Shipment> shipments = Shipment.find(query.toString(),
                Sort.descending("updatedAt").and("trackingNumber"), parameters).page(Page.of(page, size));
        return new ShipmentPage(shipments.list().stream().map(s -> ShipmentView.of(s, List.of(), List.of())).toList(),
                page, size, shipments.count());
    }
}
