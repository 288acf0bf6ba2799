package io.trackline.devsinks;

import java.time.Instant;

/** One received SMS. Status and callback outcome change after the fact, hence a class with volatile fields. */
final class Sms {
    public final String sid;
    public final String accountSid;
    public final Instant receivedAt;
    public final String from;
    public final String to;
    public final String body;
    public final int numSegments;
    public final String statusCallback;
    /** The {@code n} query parameter of the StatusCallback URL (notification-service's notification id). */
    public final String notificationId;
    public volatile String status = "queued";
    /** When the phone "got" it (Twilio's date_sent); null while queued. */
    public volatile Instant sentAt;
    public volatile String callbackResult;

    Sms(String sid, String accountSid, String from, String to, String body, String statusCallback) {
        this.sid = sid;
        this.accountSid = accountSid;
        this.receivedAt = Instant.now();
        this.from = from;
        this.to = to;
        this.body = body;
        this.numSegments = TwilioFormat.segments(body);
        this.statusCallback = statusCallback;
        this.notificationId = Web.queryParameter(statusCallback, "n");
    }
}
