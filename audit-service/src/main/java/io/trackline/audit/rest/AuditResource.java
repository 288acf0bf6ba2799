package io.trackline.audit.rest;

import io.trackline.audit.chain.ChainVerifier;
import io.trackline.audit.chain.VerifyReport;
import io.trackline.audit.query.AuditExport;
import io.trackline.audit.query.AuditFilter;
import io.trackline.audit.query.AuditPage;
import io.trackline.audit.query.AuditQueries;
import io.trackline.audit.query.ExportFormat;
import io.trackline.audit.query.PageCursor;
import io.trackline.audit.service.AuditMaintenance;
import io.trackline.audit.service.DroppedPartition;
import io.trackline.platform.problem.FieldErrors;
import io.trackline.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Ops find, export and verify the audit trail. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;

    @Inject
    AuditQueries queries;

    @Inject
    AuditExport export;

    @Inject
    ChainVerifier verifier;

    @Inject
    AuditMaintenance maintenance;

    @Inject
    Clock clock;

    /**
     * Records newest first (by time of recording), every filter optional. The body is the page's records; a
     * {@code Link: <...>; rel="next"} header carries the URL of the next page (an opaque keyset cursor), absent
     * on the last page.
     */
    @GET
    @Path("/records")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public Response records(@QueryParam("trackingNumber") String trackingNumber,
            @QueryParam("orderId") String orderId, @QueryParam("type") String type, @QueryParam("kind") String kind,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit, @Context UriInfo uri) {
        FieldErrors errors = new FieldErrors();
        AuditFilter filter = QueryParams.filter(trackingNumber, orderId, type, kind, from, to, errors);
        int size = QueryParams.integer(limit, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        PageCursor after = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                after = PageCursor.decode(cursor.trim());
            } catch (IllegalArgumentException e) {
                errors.add("cursor", "is not a cursor this API gave out");
            }
        }
        errors.throwIfAny();
        AuditPage page = queries.list(filter, after, size);
        Response.ResponseBuilder response = Response.ok(page.items());
        if (page.next() != null) {
            response.link(uri.getRequestUriBuilder().replaceQueryParam("cursor", page.next().encode()).build(),
                    "next");
        }
        return response.build();
    }

    /**
     * Every matching record, oldest first, streamed as CSV (RFC 4180) or JSON Lines while it is read: an export of
     * any size holds only a few rows in memory.
     */
    @GET
    @Path("/export")
    @Produces({"text/csv", "application/x-ndjson", MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public Response export(@QueryParam("format") String format, @QueryParam("trackingNumber") String trackingNumber,
            @QueryParam("orderId") String orderId, @QueryParam("type") String type, @QueryParam("kind") String kind,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        FieldErrors errors = new FieldErrors();
        ExportFormat exportFormat = ExportFormat.of(format == null || format.isBlank() ? "csv" : format.trim())
                .orElse(null);
        errors.check(exportFormat != null, "format", "must be csv or jsonl");
        AuditFilter filter = QueryParams.filter(trackingNumber, orderId, type, kind, from, to, errors);
        errors.throwIfAny();
        StreamingOutput body = output -> export.write(filter, exportFormat, output);
        String name = "audit-" + DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS))
                .replace(":", "") + "." + exportFormat.extension();
        return Response.ok(body, exportFormat.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }

    /**
     * Recomputes the hash chains of every month that [from, to) touches, from each chain's first link, and
     * reports the first broken link. Without bounds it checks every month kept.
     */
    @GET
    @Path("/verify")
    @RolesAllowed({Roles.OPS, Roles.MANAGEMENT})
    public VerifyReport verify(@QueryParam("from") String from, @QueryParam("to") String to) {
        FieldErrors errors = new FieldErrors();
        AuditFilter window = QueryParams.filter(null, null, null, null, from, to, errors);
        errors.throwIfAny();
        return verifier.verify(window.from(), window.to());
    }

    /** The months retention has dropped, most recent first, each with the last link of its chain. */
    @GET
    @Path("/retention")
    @RolesAllowed({Roles.OPS, Roles.MANAGEMENT})
    public List<DroppedPartition> retention() {
        return maintenance.dropped();
    }
}
