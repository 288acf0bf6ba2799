package io.trackline.order.rest;

import io.trackline.order.OrderHistory;

import java.time.Instant;

public record HistoryEntry(String action, String actor, String note, Instant at) {

    public static HistoryEntry of(OrderHistory h) {
        return new HistoryEntry(h.action, h.actor, h.note, h.at);
    }
}
