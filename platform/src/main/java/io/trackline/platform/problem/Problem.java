package io.trackline.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem body. {@code errors} lists field-level problems of a rejected request.
 * Never carries class names or stack traces.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://trackline.io/problems/";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(URI.create(TYPE_BASE + slug), title, status, detail, null, null);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    /** One field-level problem: a JSON pointer-like path to the field and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
