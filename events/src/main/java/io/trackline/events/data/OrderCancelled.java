package io.trackline.events.data;

/** Data of {@code OrderCancelled}: customer service cancelled the order, with the reason. */
public record OrderCancelled(String orderId, String reason, String cancelledBy) implements EventData {
}
