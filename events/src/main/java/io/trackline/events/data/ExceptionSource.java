package io.trackline.events.data;

/** Who found the exception: a carrier or upstream system, the customer on the tracking page, or our own detection. */
public enum ExceptionSource {
    REPORTED,
    CUSTOMER,
    DETECTED
}
