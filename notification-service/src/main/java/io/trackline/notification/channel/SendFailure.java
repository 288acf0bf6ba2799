package io.trackline.notification.channel;

/**
 * A message did not go out. {@code retryable} for what may pass (SMTP down, provider 5xx or 429, timeouts), not
 * for what will fail again (invalid number, other 4xx, mailbox refused).
 */
public class SendFailure extends Exception {

    private final boolean retryable;

    public SendFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public SendFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
