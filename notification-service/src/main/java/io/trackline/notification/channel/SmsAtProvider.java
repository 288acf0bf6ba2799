package io.trackline.notification.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.notification.Notification;
import io.trackline.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the SMS provider has: before an SMS whose earlier attempt was not confirmed goes again, the provider's own
 * list of messages (Twilio's "read multiple Message resources", {@code GET .../Messages.json?To=&From=}, newest
 * first, paged by {@code next_page_uri}) is searched for it: same recipient, sender and text, created since the
 * message was planned. That covers the case the status callback cannot: the callback came while no sender was
 * there to take it (the provider does not post it again).
 */
@ApplicationScoped
public class SmsAtProvider {

    /** How far the provider's clock may be behind ours when its creation time is compared with our planning time. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    /** Pages of the provider's list read at most (a phone number gets few messages from one sender a day). */
    static final int MAX_PAGES = 5;
    private static final int PAGE_SIZE = 100;

    @Inject
    HttpChannels http;

    @Inject
    NotificationConfig config;

    /**
     * The provider's messages that may be {@code n}, newest first, as sends (provider, its id, its status). Empty
     * when the provider does not have it; a transient failure when the provider cannot say.
     */
    public List<Sent> find(Notification n) throws SendFailure {
        NotificationConfig.Sms sms = config.sms();
        Instant since = (n.createdAt == null ? Instant.EPOCH : n.createdAt).minus(CLOCK_SKEW);
        String next = "/2010-04-01/Accounts/" + URLEncoder.encode(sms.accountSid(), StandardCharsets.UTF_8)
                + "/Messages.json?To=" + URLEncoder.encode(n.recipient, StandardCharsets.UTF_8)
                + "&From=" + URLEncoder.encode(sms.from(), StandardCharsets.UTF_8) + "&PageSize=" + PAGE_SIZE;
        List<Sent> found = new ArrayList<>();
        for (int page = 0; page < MAX_PAGES && next != null; page++) {
            JsonNode list = page(next);
            boolean older = false;
            for (JsonNode message : list.path("messages")) {
                Instant created = created(message);
                older |= created.isBefore(since);
                if (!created.isBefore(since) && n.recipient.equals(HttpChannels.text(message, "to"))
                        && sms.from().equals(HttpChannels.text(message, "from"))
                        && n.body.equals(HttpChannels.text(message, "body"))) {
                    found.add(new Sent(HttpChannels.SMS_PROVIDER, HttpChannels.text(message, "sid"),
                            HttpChannels.text(message, "status"),
                            "found at the provider after an unconfirmed attempt"));
                }
            }
            next = older ? null : HttpChannels.text(list, "next_page_uri");
        }
        return found;
    }

    private JsonNode page(String pathAndQuery) throws SendFailure {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.smsApi(pathAndQuery)))
                .timeout(config.sender().httpTimeout())
                .header("Authorization", http.smsAuthorization())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response;
        try {
            response = http.call(request, "SMS provider");
        } catch (SendFailure e) {
            throw cannotSay(e.getMessage());
        }
        JsonNode json = HttpChannels.parse(response.body());
        if (response.statusCode() != 200 || json == null || !json.path("messages").isArray()) {
            throw cannotSay("its list of messages answered " + response.statusCode());
        }
        return json;
    }

    private static SendFailure cannotSay(String why) {
        return SendFailure.transientFailure("could not ask the SMS provider whether it has the message from the "
                + "unconfirmed attempt: " + why, null);
    }

    /** Twilio's dates are RFC 2822 ("Thu, 03 Dec 2026 13:01:44 +0000"); one it cannot read counts as new. */
    private static Instant created(JsonNode message) {
        String date = HttpChannels.text(message, "date_created");
        try {
            return date == null ? Instant.MAX : ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }
}
