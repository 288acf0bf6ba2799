package io.trackline.devsinks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The SMS "reaches the phone": the sink posts {@code delivered} to the StatusCallback the sender gave. */
final class StatusCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(StatusCallbacks.class);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The phone "delivers" the message; the sender learns it through its StatusCallback, if it gave one. */
    void deliver(Sms sms) {
        sms.sentAt = Instant.now();
        sms.status = "delivered";
        if (sms.statusCallback == null) {
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sms.sid);
        form.put("SmsSid", sms.sid);
        form.put("AccountSid", sms.accountSid);
        form.put("From", sms.from);
        form.put("To", sms.to);
        form.put("MessageStatus", "delivered");
        form.put("SmsStatus", "delivered");
        form.put("ApiVersion", "2010-04-01");
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(sms.statusCallback))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                // Best effort, like Twilio: a failed callback is logged and shown, never retried.
                if (failure != null) {
                    sms.callbackResult = "failed: " + failure;
                    LOG.warn("status callback for {} to {} failed: {}", sms.sid, sms.statusCallback, failure.toString());
                } else {
                    sms.callbackResult = "HTTP " + response.statusCode();
                    if (response.statusCode() >= 300) {
                        LOG.warn("status callback for {} to {} answered {}", sms.sid, sms.statusCallback,
                                response.statusCode());
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            sms.callbackResult = "failed: bad URL";
            LOG.warn("status callback URL of {} is not usable: {}", sms.sid, sms.statusCallback);
        }
    }
}
