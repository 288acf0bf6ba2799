package io.trackline.systemtests.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.EventCodec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSON over HTTP for the checker: GET with an optional bearer token, following {@code Link: rel="next"}. */
final class Http {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String bearer;

    Http(String bearer) {
        this.bearer = bearer;
    }

    /** The body of a 200 answer as JSON; empty for a 404. */
    Optional<JsonNode> get(String url) {
        HttpResponse<String> response = send(url);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(json(url, response));
    }

    /** Every element of a JSON array answer, page after page. */
    List<JsonNode> getAllPages(String url) {
        List<JsonNode> all = new ArrayList<>();
        String next = url;
        while (next != null) {
            HttpResponse<String> response = send(next);
            json(next, response).forEach(all::add);
            next = response.headers().firstValue("Link").map(Http::nextLink).orElse(null);
        }
        return all;
    }

    private static String nextLink(String header) {
        Matcher m = NEXT.matcher(header);
        return m.find() ? m.group(1) : null;
    }

    private HttpResponse<String> send(String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String url, HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return EventCodec.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + ": not JSON: " + response.body(), e);
        }
    }
}
