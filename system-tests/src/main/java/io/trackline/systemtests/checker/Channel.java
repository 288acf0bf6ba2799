package io.trackline.systemtests.checker;

/** The customer channels whose messages reach a provider the checker can read. */
public enum Channel {
    EMAIL, SMS
}
