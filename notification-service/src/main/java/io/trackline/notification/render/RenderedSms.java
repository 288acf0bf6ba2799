package io.trackline.notification.render;

public record RenderedSms(String template, String language, String text, int segments) {
}
