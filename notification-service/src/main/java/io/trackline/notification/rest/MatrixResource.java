package io.trackline.notification.rest;

import io.trackline.notification.matrix.CommunicationMatrix;
import io.trackline.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** The communication matrix in force. */
@Path("/api/v1/communication-matrix")
@Produces(MediaType.APPLICATION_JSON)
public class MatrixResource {

    public record MatrixView(String source, List<RowView> rows) {
    }

    public record RowView(String event, String responsible, List<DeliveryView> deliveries) {
    }

    public record DeliveryView(String channel, String recipient) {
    }

    @Inject
    CommunicationMatrix matrix;

    @GET
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public MatrixView get() {
        return new MatrixView(matrix.source(), matrix.rows().values().stream()
                .map(r -> new RowView(r.event().typeName(), r.responsible(), r.deliveries().stream()
                        .map(d -> new DeliveryView(d.channel().name(), d.recipient().name())).toList()))
                .toList());
    }
}
