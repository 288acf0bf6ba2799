package io.trackline.notification.channel;

/** What the provider answered: its name, its id for the message and its first status, if any. */
public record Sent(String provider, String providerMessageId, String providerStatus) {
}
