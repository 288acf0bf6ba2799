package io.trackline.events.data;

public enum ExceptionReason {
    WEATHER,
    ADDRESS_ISSUE,
    RECIPIENT_UNAVAILABLE,
    FAILED_ATTEMPT,
    DAMAGED,
    LOST,
    CUSTOMS,
    CARRIER_DELAY,
    DELAY_DETECTED,
    OTHER
}
