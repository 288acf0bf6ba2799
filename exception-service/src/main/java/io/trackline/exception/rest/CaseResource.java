package io.trackline.exception.rest;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.trackline.events.data.ExceptionReason;
import io.trackline.exception.ExceptionCase;
import io.trackline.exception.config.Playbooks;
import io.trackline.exception.service.CaseActions;
import io.trackline.platform.problem.FieldErrors;
import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The ops API of exception cases: find, acknowledge, resolve, change the estimate; who did what is recorded. */
@Path("/api/v1/exceptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
public class CaseResource {

    private static final int MAX_PAGE_SIZE = 200;

    public record CasePage(List<CaseView> items, int page, int size, long total) {
    }

    public record Note(String note) {
    }

    public record EtaChange(String estimatedDelivery, String note) {
    }

    @Inject
    CaseActions actions;

    @Inject
    SecurityIdentity identity;

    @Inject
    Playbooks playbooks;

    @GET
    public CasePage list(@QueryParam("status") String status, @QueryParam("reason") String reason,
            @QueryParam("escalated") Boolean escalated, @QueryParam("trackingNumber") String trackingNumber,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size) {
        FieldErrors errors = new FieldErrors();
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (status != null && errors.check(Arrays.stream(ExceptionCase.Status.values())
                .anyMatch(s -> s.name().equals(status)), "status", "must be one of "
                + Arrays.toString(ExceptionCase.Status.values()))) {
            query.append(" and status = :status");
            parameters.and("status", ExceptionCase.Status.valueOf(status));
        }
        if (reason != null && errors.check(Arrays.stream(ExceptionReason.values())
                .anyMatch(r -> r.name().equals(reason)), "reason", "must be one of "
                + Arrays.toString(ExceptionReason.values()))) {
            query.append(" and reason = :reason");
            parameters.and("reason", reason);
        }
        if (escalated != null) {
            query.append(escalated ? " and escalationLevel > 0" : " and escalationLevel = 0");
        }
        if (trackingNumber != null) {
            query.append(" and trackingNumber = :tn");
            parameters.and("tn", trackingNumber);
        }
        errors.check(page >= 0, "page", "must be 0 or more");
        errors.check(size >= 1 && size <= MAX_PAGE_SIZE, "size", "must be between 1 and " + MAX_PAGE_SIZE);
        errors.throwIfAny();
        PanacheQuery<ExceptionCase> found = ExceptionCase.find(query.toString(),
                Sort.descending("openedAt").and("id"), parameters).page(Page.of(page, size));
        return new CasePage(found.list().stream().map(c -> CaseView.of(c, false, playbooks)).toList(), page, size,
                found.count());
    }

    @GET
    @Path("/{id}")
    public CaseView get(@PathParam("id") String id) {
        ExceptionCase found = ExceptionCase.findById(uuid(id));
        if (found == null) {
            throw ProblemException.notFound("no exception case " + id);
        }
        return CaseView.of(found, true, playbooks);
    }

    @POST
    @Path("/{id}/acknowledge")
    public CaseView acknowledge(@PathParam("id") String id) {
        return CaseView.of(actions.acknowledge(uuid(id), actor()), true, playbooks);
    }

    @POST
    @Path("/{id}/resolve")
    public CaseView resolve(@PathParam("id") String id, Note note) {
        if (note == null || note.note() == null || note.note().isBlank() || note.note().length() > 2000) {
            throw ProblemException.validation(List.of(new io.trackline.platform.problem.Problem.FieldError("note",
                    "required, at most 2000 characters")));
        }
        return CaseView.of(actions.resolveByOps(uuid(id), note.note().trim(), actor()), true, playbooks);
    }

    @PUT
    @Path("/{id}/eta")
    public CaseView changeEta(@PathParam("id") String id, EtaChange change) {
        LocalDate eta = null;
        try {
            eta = change == null || change.estimatedDelivery() == null ? null
                    : LocalDate.parse(change.estimatedDelivery());
        } catch (DateTimeException e) {
            // reported below
        }
        if (eta == null) {
            throw ProblemException.validation(List.of(new io.trackline.platform.problem.Problem.FieldError(
                    "estimatedDelivery", "required: an ISO date such as 2026-12-03")));
        }
        return CaseView.of(actions.changeEta(uuid(id), eta, change.note(), actor()), true, playbooks);
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no exception case " + id);
        }
    }
}
