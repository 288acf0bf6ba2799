package io.trackline.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.trackline.platform.messaging.EventPublisher;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Turns every error of the REST layer into an RFC 9457 problem response. */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of("forbidden", "Forbidden", 403,
                "The token's roles do not allow this operation"), uri);
    }

    /** A value of the wrong type: more specific than Quarkus's own mapper, which answers with an empty 400. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof MismatchedInputException mismatch ? mismatch.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[") : null;
        String message;
        if (e instanceof NulCharacters.Refused) {
            message = NulCharacters.MESSAGE;
        } else if (e instanceof InvalidFormatException invalid) {
            message = "cannot read '" + invalid.getValue() + "' as " + invalid.getTargetType().getSimpleName();
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "expected " + describe(mismatch.getTargetType());
        } else {
            message = "malformed JSON at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr());
        }
        Problem problem = Problem.of("unreadable-body", "The request body cannot be read", 400, message);
        if (field != null && !field.isEmpty()) {
            problem = problem.withErrors(List.of(new Problem.FieldError(field, message)));
        }
        return respond(problem, uri);
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        return respond(Problem.of(slug(title), title, status, title), uri);
    }

    @ServerExceptionMapper
    public Response publishFailed(EventPublisher.PublishFailedException e, UriInfo uri) {
        LOG.warn("Kafka did not acknowledge on " + uri.getPath() + ": " + e.getMessage());
        return Response.status(503).header("Retry-After", "5").type(Problem.MEDIA_TYPE)
                .entity(Problem.of("unavailable", "Service unavailable", 503,
                        "The broker did not confirm every event, so some may be stored and some not. Retry with the same "
                                + "event ids (they make a retry safe).")
                        .withInstance(uri.getPath())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.error("Unexpected error on " + uri.getPath(), e);
        return respond(Problem.of("internal-error", "Internal error", 500,
                "The request could not be completed; it has been logged"), uri);
    }

    private static Response unauthenticated(UriInfo uri) {
        return Response.status(401).header("WWW-Authenticate", "Bearer")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of("unauthorized", "Unauthorized", 401,
                        "A valid bearer token is required").withInstance(uri.getPath()))
                .build();
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(uri.getPath())).build();
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
