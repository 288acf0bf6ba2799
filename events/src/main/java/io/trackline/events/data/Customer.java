package io.trackline.events.data;

/** The customer's contact as the notification side needs it. {@code phone} is E.164, {@code language} a BCP 47 tag. */
public record Customer(String name, String email, String phone, String language, String timeZone) {
}
