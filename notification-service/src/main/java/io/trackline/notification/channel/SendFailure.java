package io.trackline.notification.channel;

import java.time.Duration;
import java.util.Optional;

/**
 * A message did not go out, or we cannot tell whether it did. {@link Kind} says which, and so what the sender does
 * next; {@code retryAfter} is the provider's own "not before" (HTTP 429 Retry-After), if it gave one.
 */
public class SendFailure extends Exception {

    public enum Kind {
        /** Not sent and may pass (SMTP or provider unreachable, 5xx, 429): retried with backoff, for a time span. */
        TRANSIENT,
        /** Refused for good (invalid number, other 4xx, mailbox refused): not tried again. */
        PERMANENT,
        /**
         * The request went out but no answer came back (a timeout after sending): the provider may have the
         * message. Retried a bounded number of times; an SMS first waits for the provider's status callback, then
         * the provider's list of messages is asked whether it has it.
         */
        UNCONFIRMED
    }

    private final Kind kind;
    private final Duration retryAfter;

    private SendFailure(String message, Kind kind, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public static SendFailure transientFailure(String message, Throwable cause) {
        return new SendFailure(message, Kind.TRANSIENT, null, cause);
    }

    public static SendFailure permanent(String message, Throwable cause) {
        return new SendFailure(message, Kind.PERMANENT, null, cause);
    }

    public static SendFailure unconfirmed(String message, Throwable cause) {
        return new SendFailure(message, Kind.UNCONFIRMED, null, cause);
    }

    /** A provider's answer: 5xx, 408 and 429 (with its Retry-After) transient, any other status permanent. */
    public static SendFailure answered(String message, int status, Duration retryAfter) {
        boolean transientStatus = status >= 500 || status == 429 || status == 408;
        return new SendFailure(message, transientStatus ? Kind.TRANSIENT : Kind.PERMANENT,
                transientStatus ? retryAfter : null, null);
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
