package io.trackline.events.data;

/** Data of {@code FeedbackReceived}: the customer's rating after delivery; {@code receivedInGoodOrder} accepts it. */
public record FeedbackReceived(int rating, String comment, boolean receivedInGoodOrder) implements EventData {
}
