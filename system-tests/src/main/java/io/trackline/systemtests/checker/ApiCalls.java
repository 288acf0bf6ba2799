package io.trackline.systemtests.checker;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The burst's calls to the services' APIs, as an upstream system makes them: retried while a service is down or
 * busy, for up to {@link #PATIENCE}; what is refused for good is noted in {@code refusals}.
 */
final class ApiCalls {

    static final Duration PATIENCE = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> refusals;

    ApiCalls(List<String> refusals) {
        this.refusals = refusals;
    }

    /** POSTs until a 2xx (retrying connection failures, 429 and 5xx with the same idempotency key); null if refused. */
    HttpResponse<String> post(String url, String body, String bearer, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build(), "POST " + url);
    }

    /** Sends until a 2xx (retrying connection failures, 429 and 5xx); null, with the refusal noted, if refused. */
    HttpResponse<String> send(HttpRequest request, String what) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return response;
                }
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() != 429 && response.statusCode() < 500) {
                    break;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        refusals.add(what + ": " + last);
        return null;
    }

    /** The customer with this phone number opts out of SMS (notification-service's preference API). */
    void optOutOfSms(String notificationUrl, String opsBearer, String phone) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(notificationUrl + "/api/v1/preferences/"
                        + URLEncoder.encode(phone, StandardCharsets.UTF_8)))
                .header("Authorization", opsBearer).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"emailOptOut\": false, \"smsOptOut\": true}")).build();
        send(request, "opt-out " + phone);
    }
}
