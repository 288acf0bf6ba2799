package io.trackline.notification.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.EventCodec;
import io.trackline.notification.Notification;
import io.trackline.notification.config.NotificationConfig;
import io.trackline.notification.render.LinkSigner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * SMS through a Twilio-compatible API ({@code POST {base}/2010-04-01/Accounts/{sid}/Messages.json}, form body,
 * basic auth) and internal webhooks (Slack-compatible {@code {"text": ...}}). 5xx, 408, 429 (after its
 * Retry-After) and refused connections are transient; other 4xx permanent; a timeout or a connection lost after the
 * request went out is unconfirmed (see {@link SendFailure.Kind}).
 */
@ApplicationScoped
public class HttpChannels {

    /** The provider name recorded for an SMS (the API is Twilio's). */
    public static final String SMS_PROVIDER = "twilio";

    @Inject
    NotificationConfig config;

    @Inject
    LinkSigner links;

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Sent sendSms(Notification n) throws SendFailure {
        NotificationConfig.Sms sms = config.sms();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", n.recipient);
        form.put("From", sms.from());
        form.put("Body", n.body);
        form.put("StatusCallback", links.smsStatusCallback(n.id.toString()));
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(smsApi("/2010-04-01/Accounts/"
                        + URLEncoder.encode(sms.accountSid(), StandardCharsets.UTF_8) + "/Messages.json")))
                .timeout(config.sender().httpTimeout())
                .header("Authorization", smsAuthorization())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = call(request, "SMS provider");
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 == 2) {
            return new Sent(SMS_PROVIDER, text(json, "sid"), text(json, "status"));
        }
        String message = text(json, "message");
        String code = text(json, "code");
        throw SendFailure.answered("SMS provider answered " + response.statusCode()
                + (code == null ? "" : " (code " + code + ")") + (message == null ? "" : ": " + message),
                response.statusCode(), retryAfter(response));
    }

    public Sent postWebhook(Notification n) throws SendFailure {
        String json;
        try {
            json = EventCodec.mapper().writeValueAsString(Map.of("text", n.body));
        } catch (IOException e) {
            throw SendFailure.permanent("cannot write the webhook body", e);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(n.recipient))
                    .timeout(config.sender().httpTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build();
        } catch (IllegalArgumentException e) {
            throw SendFailure.permanent("the webhook URL is not usable", e);
        }
        HttpResponse<String> response = call(request, "webhook");
        if (response.statusCode() / 100 == 2) {
            return new Sent("webhook", null, null);
        }
        throw SendFailure.answered("webhook answered " + response.statusCode(), response.statusCode(),
                retryAfter(response));
    }

    /** A path of the SMS provider's API as a URL. */
    String smsApi(String path) {
        return config.sms().baseUrl().replaceAll("/+$", "") + path;
    }

    /** Basic auth with the account SID and token, as Twilio's API wants it. */
    String smsAuthorization() {
        NotificationConfig.Sms sms = config.sms();
        return "Basic " + Base64.getEncoder().encodeToString((sms.accountSid() + ":" + sms.authToken())
                .getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> call(HttpRequest request, String what) throws SendFailure {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw SendFailure.transientFailure(what + " unreachable: " + e, e);
        } catch (IOException e) {
            // the request was (or may have been) sent: a timeout or a lost connection leaves the outcome open
            throw SendFailure.unconfirmed(what + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SendFailure.unconfirmed(what + " call interrupted", e);
        }
    }

    /** Retry-After in seconds (RFC 9110 also allows an HTTP date: read as absent, the backoff applies). */
    static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").filter(v -> v.trim().matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v.trim()))).orElse(null);
    }

    static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : EventCodec.mapper().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static String text(JsonNode json, String field) {
        return json == null || !json.hasNonNull(field) ? null : json.get(field).asText();
    }
}
