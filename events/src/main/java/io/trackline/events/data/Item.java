package io.trackline.events.data;

public record Item(String sku, String description, int quantity) {
}
