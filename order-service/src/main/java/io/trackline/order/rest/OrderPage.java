package io.trackline.order.rest;

import java.util.List;

/** One page of a listing. */
public record OrderPage(List<OrderResponse> items, int page, int size, long total) {
}
