package io.trackline.notification.channel;

/**
 * What the provider answered: its name, its id for the message and its first status, if any; {@code detail} says
 * how the send was confirmed when that is not the provider's answer to it (null otherwise).
 */
public record Sent(String provider, String providerMessageId, String providerStatus, String detail) {

    public Sent(String provider, String providerMessageId, String providerStatus) {
        this(provider, providerMessageId, providerStatus, null);
    }
}
