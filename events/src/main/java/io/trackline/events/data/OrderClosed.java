package io.trackline.events.data;

/** Data of {@code OrderClosed}: the order is delivered and accepted, or was closed by customer service. */
public record OrderClosed(String orderId, Reason reason, String closedBy, String note) implements EventData {

    public enum Reason { ACCEPTED_BY_CUSTOMER, QUIET_PERIOD_PASSED, CLOSED_BY_CUSTOMER_SERVICE }
}
