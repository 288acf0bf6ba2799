package io.trackline.notification.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.trackline.notification.CallTask;
import io.trackline.notification.service.CallTasks;
import io.trackline.platform.problem.FieldErrors;
import io.trackline.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The PHONE channel: calls customer service has to make, and their outcomes. */
@Path("/api/v1/call-tasks")
@Produces(MediaType.APPLICATION_JSON)
public class CallTaskResource {

    public record CallTaskView(String id, String trackingNumber, String orderId, String eventType, String customerName,
            String phone, String language, String reason, String status, String outcome, String note,
            String createdAt, String completedAt, String completedBy) {

        static CallTaskView of(CallTask t) {
            return new CallTaskView(t.id.toString(), t.trackingNumber, t.orderId, t.eventType, t.customerName,
                    t.phone, t.language, t.reason, t.status.name(), t.outcome == null ? null : t.outcome.name(),
                    t.note, t.createdAt.toString(), t.completedAt == null ? null : t.completedAt.toString(),
                    t.completedBy);
        }
    }

    public record Completion(String outcome, String note) {
    }

    @Inject
    CallTasks tasks;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({Roles.CUSTOMER_SERVICE, Roles.OPS})
    public List<CallTaskView> list(@QueryParam("status") String status,
            @QueryParam("trackingNumber") String trackingNumber) {
        CallTask.Status wanted = null;
        if (status != null && !status.isBlank()) {
            wanted = parse(CallTask.Status.class, status, "status");
        }
        return tasks.list(wanted, trackingNumber).stream().map(CallTaskView::of).toList();
    }

    @POST
    @Path("/{id}/complete")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.CUSTOMER_SERVICE, Roles.OPS})
    public CallTaskView complete(@PathParam("id") String id, Completion completion) {
        FieldErrors errors = new FieldErrors();
        UUID taskId = null;
        try {
            taskId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            errors.add("id", "must be a call task id");
        }
        CallTask.Outcome outcome = null;
        if (errors.check(completion != null && completion.outcome() != null, "outcome", "is required, one of "
                + Arrays.toString(CallTask.Outcome.values()))) {
            try {
                outcome = CallTask.Outcome.valueOf(completion.outcome());
            } catch (IllegalArgumentException e) {
                errors.add("outcome", "must be one of " + Arrays.toString(CallTask.Outcome.values()));
            }
        }
        if (completion != null && completion.note() != null) {
            errors.check(completion.note().length() <= 2000, "note", "must be at most 2000 characters");
        }
        errors.throwIfAny();
        return CallTaskView.of(tasks.complete(taskId, outcome, completion.note(), identity.getPrincipal().getName()));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            new FieldErrors().add(field, "must be one of " + Arrays.toString(type.getEnumConstants())).throwIfAny();
            return null;
        }
    }
}
