package io.trackline.events;

/** A record that is not a valid Trackline event; the message is the reason put on the dead-letter record. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String reason) {
        super(reason);
    }

    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
