package io.trackline.order.service;

import io.trackline.order.CustomerOrder;
import io.trackline.platform.messaging.BatchLookups;

import java.util.Map;
import java.util.Optional;

/** The orders a batch of lifecycle events concerns, loaded with one query: null where a tracking number has none. */
public record OrderBatch(Map<String, CustomerOrder> orders) {

    public Optional<CustomerOrder> order(String trackingNumber) {
        return Optional.ofNullable(BatchLookups.ofBatch(orders, trackingNumber));
    }
}
