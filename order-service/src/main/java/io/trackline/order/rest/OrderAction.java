package io.trackline.order.rest;

/** The reason customer service gives for closing or cancelling an order by hand. */
public record OrderAction(String reason) {
}
