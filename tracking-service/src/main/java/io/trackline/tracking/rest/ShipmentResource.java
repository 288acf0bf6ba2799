package io.trackline.tracking.rest;

import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.Roles;
import io.trackline.tracking.Shipment;
import io.trackline.tracking.ShipmentEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/shipments")
@Produces(MediaType.APPLICATION_JSON)
public class ShipmentResource {

    @GET
    @Path("/{trackingNumber}")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT, Roles.INGEST})
    public ShipmentView get(@PathParam("trackingNumber") String trackingNumber) {
        Shipment shipment = Shipment.find(trackingNumber)
                .orElseThrow(() -> ProblemException.notFound("no shipment " + trackingNumber));
        return ShipmentView.of(shipment, ShipmentEvent.timeline(trackingNumber));
    }
}
