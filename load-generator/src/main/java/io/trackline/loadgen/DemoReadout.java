package io.trackline.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.EventCodec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import static io.trackline.loadgen.Demo.now;
import static io.trackline.loadgen.Demo.say;

/** What the demo prints between its steps: each shipment as tracking-service shows it, and its feedback request. */
final class DemoReadout {

    private final HttpClient http;
    private final String trackingUrl;
    private final String notificationUrl;
    private final String opsToken;

    DemoReadout(HttpClient http, String trackingUrl, String notificationUrl, String opsToken) {
        this.http = http;
        this.trackingUrl = trackingUrl;
        this.notificationUrl = notificationUrl;
        this.opsToken = opsToken;
    }

    /** Waits (up to 30 s) until tracking-service knows every order placed, so that step 1 shows them. */
    void awaitTracking(List<Demo.Shipment> shipments) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Demo.Shipment s : shipments) {
            while (shipment(s) == null && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }
    }

    /** Waits a moment for the services, then prints each shipment as tracking-service shows it. */
    void show(List<Demo.Shipment> shipments, Duration settle) throws IOException, InterruptedException {
        Thread.sleep(settle.toMillis());
        for (Demo.Shipment s : shipments) {
            JsonNode view = shipment(s);
            if (view == null) {
                say("    %-14s %s  not in tracking-service yet (it follows within seconds)", s.customer().name(),
                        s.trackingNumber());
                continue;
            }
            JsonNode exception = view.path("exception");
            say("    %-14s %s  %-17s estimated %s%s", s.customer().name(), s.trackingNumber(),
                    view.path("status").asText("-"), view.path("estimatedDelivery").asText("-"),
                    exception.isObject() ? "  open exception: " + exception.path("reason").asText() : "");
        }
    }

    /** The shipment as ops see it in tracking-service, or null while it is not there (404). */
    private JsonNode shipment(Demo.Shipment s) throws IOException, InterruptedException {
        HttpResponse<String> response = get(trackingUrl + "/api/v1/shipments/" + s.trackingNumber());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("tracking-service answered " + response.statusCode() + " for "
                    + s.trackingNumber() + ": " + response.body());
        }
        return EventCodec.mapper().readTree(response.body());
    }

    /**
     * Waits (up to 40 s) for the feedback request email of each delivered shipment, which the local stack started
     * with --demo sends 20 s after delivery, and says what became of it.
     */
    void feedbackRequests(List<Demo.Shipment> shipments) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        for (Demo.Shipment s : shipments) {
            JsonNode request = feedbackRequest(s);
            while (request != null && (dueSoon(request) || "SENDING".equals(request.path("status").asText()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                request = feedbackRequest(s);
            }
            if (request == null) {
                say("    %-14s %s  no feedback request planned", s.customer().name(), s.trackingNumber());
            } else if ("PENDING".equals(request.path("status").asText())) {
                say("    %-14s %s  feedback request PENDING, due %s (the stack runs without --demo: 2 h after "
                        + "delivery)", s.customer().name(), s.trackingNumber(), request.path("nextAttemptAt").asText());
            } else {
                say("    %-14s %s  feedback request %s to %s: \"%s\"", s.customer().name(), s.trackingNumber(),
                        request.path("status").asText(), request.path("recipient").asText(),
                        request.path("subject").asText());
            }
        }
    }

    private static boolean dueSoon(JsonNode request) {
        return "PENDING".equals(request.path("status").asText()) && request.hasNonNull("nextAttemptAt")
                && OffsetDateTime.parse(request.path("nextAttemptAt").asText()).isBefore(now().plusSeconds(60));
    }

    private JsonNode feedbackRequest(Demo.Shipment s) throws IOException, InterruptedException {
        HttpResponse<String> response = get(notificationUrl + "/api/v1/notifications?trackingNumber="
                + s.trackingNumber());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("notification-service answered " + response.statusCode() + ": "
                    + response.body());
        }
        for (JsonNode n : EventCodec.mapper().readTree(response.body())) {
            if ("FEEDBACK_REQUEST".equals(n.path("purpose").asText())) {
                return n;
            }
        }
        return null;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + opsToken).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
