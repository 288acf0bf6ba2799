package io.trackline.tracking.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.trackline.platform.problem.FieldErrors;
import io.trackline.platform.problem.Problem;
import io.trackline.platform.problem.ProblemException;
import io.trackline.platform.security.Roles;
import io.trackline.platform.time.ClockSkew;
import io.trackline.tracking.ProofOfDelivery;
import io.trackline.tracking.service.ProofsOfDelivery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Proof of delivery: recipient, time, place, signature and/or photo; ops can fetch it back. */
@Path("/api/v1/shipments/{trackingNumber}/proof-of-delivery")
public class ProofOfDeliveryResource {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    public record ProofView(UUID id, String trackingNumber, String recipientName, Instant deliveredAt,
            Double latitude, Double longitude, String signatureType, String photoType, String recordedBy,
            Instant createdAt) {

        static ProofView of(ProofOfDelivery p) {
            return new ProofView(p.id, p.trackingNumber, p.recipientName, p.deliveredAt, p.latitude, p.longitude,
                    p.signatureType, p.photoType, p.recordedBy, p.createdAt);
        }
    }

    @Inject
    ProofsOfDelivery proofs;

    @Inject
    SecurityIdentity identity;

    @ConfigProperty(name = "trackline.tracking.proof-image-max-bytes", defaultValue = "2097152")
    long maxImageBytes;

    @Inject
    ClockSkew clockSkew;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INGEST, Roles.OPS})
    public Response capture(@PathParam("trackingNumber") String trackingNumber,
            @RestForm String recipientName, @RestForm String deliveredAt, @RestForm Double latitude,
            @RestForm Double longitude, @RestForm FileUpload signature, @RestForm FileUpload photo) {
        FieldErrors errors = new FieldErrors();
        errors.check(recipientName != null && !recipientName.isBlank() && recipientName.length() <= 200,
                "recipientName", "required, at most 200 characters");
        errors.checkNoNul("recipientName", recipientName);
        Instant at = null;
        try {
            at = deliveredAt == null ? null : OffsetDateTime.parse(deliveredAt).toInstant();
        } catch (DateTimeException e) {
            // reported below
        }
        errors.check(at != null, "deliveredAt", "required: an ISO-8601 date-time with offset");
        errors.check(!clockSkew.isTooFarAhead(at), "deliveredAt", clockSkew.problem());
        errors.check(latitude == null || (latitude >= -90 && latitude <= 90), "latitude", "between -90 and 90");
        errors.check(longitude == null || (longitude >= -180 && longitude <= 180), "longitude",
                "between -180 and 180");
        errors.check(signature != null || photo != null, "signature", "a signature or a photo is required");
        ProofsOfDelivery.Image signatureImage = image(signature, "signature", errors);
        ProofsOfDelivery.Image photoImage = image(photo, "photo", errors);
        errors.throwIfAny();
        ProofOfDelivery proof = proofs.capture(trackingNumber, recipientName.trim(), at, latitude, longitude,
                signatureImage, photoImage, identity.getPrincipal().getName());
        return Response.status(201).entity(ProofView.of(proof)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public List<ProofView> list(@PathParam("trackingNumber") String trackingNumber) {
        return ProofOfDelivery.forShipment(trackingNumber).stream().map(ProofView::of).toList();
    }

    @GET
    @Path("/{id}/{part: signature|photo}")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER_SERVICE, Roles.MANAGEMENT})
    public Response image(@PathParam("trackingNumber") String trackingNumber, @PathParam("id") String id,
            @PathParam("part") String part) {
        ProofOfDelivery proof = find(trackingNumber, id);
        byte[] bytes = "signature".equals(part) ? proof.signature : proof.photo;
        String type = "signature".equals(part) ? proof.signatureType : proof.photoType;
        if (bytes == null) {
            throw ProblemException.notFound("no " + part + " on proof " + id);
        }
        return Response.ok(bytes, type).header("Cache-Control", "private, max-age=3600").build();
    }

    private static ProofOfDelivery find(String trackingNumber, String id) {
        try {
            ProofOfDelivery proof = ProofOfDelivery.findById(UUID.fromString(id));
            if (proof != null && proof.trackingNumber.equals(trackingNumber)) {
                return proof;
            }
        } catch (IllegalArgumentException e) {
            // not a proof id
        }
        throw ProblemException.notFound("no proof of delivery " + id + " for " + trackingNumber);
    }

    /** Reads an uploaded image, checking its size and that its content really is PNG or JPEG. */
    private ProofsOfDelivery.Image image(FileUpload upload, String field, FieldErrors errors) {
        if (upload == null) {
            return null;
        }
        if (upload.size() > maxImageBytes) {
            throw new ProblemException(Problem.of("too-large", "Payload too large", 413,
                    field + " is " + upload.size() + " bytes; at most " + maxImageBytes + " are accepted"));
        }
        try {
            byte[] bytes = Files.readAllBytes(upload.uploadedFile());
            if (startsWith(bytes, PNG)) {
                return new ProofsOfDelivery.Image(bytes, "image/png");
            }
            if (startsWith(bytes, JPEG)) {
                return new ProofsOfDelivery.Image(bytes, "image/jpeg");
            }
            errors.add(field, "must be a PNG or JPEG image");
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
