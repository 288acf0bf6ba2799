package io.trackline.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers a request whose declared body is larger than {@code quarkus.http.limits.max-body-size} with a 413
 * problem. Quarkus refuses such a request itself too, but with an empty body and before any exception mapper; this
 * filter runs just before it (a higher priority) and answers the same way, with the problem.
 */
@ApplicationScoped
public class OversizedBodies {

    /** Quarkus's own check has route order -2; a filter's order is minus its priority. */
    private static final int BEFORE_QUARKUS_LIMIT = 10;
    private static final long MB = 1024 * 1024;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    @Inject
    ObjectMapper mapper;

    void register(@Observes Filters filters) {
        filters.register(this::refuseIfTooLarge, BEFORE_QUARKUS_LIMIT);
    }

    private void refuseIfTooLarge(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !isAbove(length, maxBodySize.asLongValue())) {
            context.next();
            return;
        }
        Problem problem = Problem.of("too-large", "Payload too large", 413,
                "The request body has " + length + " bytes; this service takes at most " + describe(maxBodySize))
                .withInstance(context.request().path());
        // the body that was not read cannot be skipped: close the connection after the answer, as Quarkus does
        context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(done -> context.request().connection().close());
        context.response().end(json(problem));
    }

    private static boolean isAbove(String length, long limit) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Quarkus answers a malformed length itself
        }
    }

    private static String describe(MemorySize size) {
        long bytes = size.asLongValue();
        if (bytes % MB == 0) {
            return bytes / MB + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }

    private String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
