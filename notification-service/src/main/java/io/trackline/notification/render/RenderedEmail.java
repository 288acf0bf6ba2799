package io.trackline.notification.render;

public record RenderedEmail(String template, String language, String subject, String text, String html) {
}
