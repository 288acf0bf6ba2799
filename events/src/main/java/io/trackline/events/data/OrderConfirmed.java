package io.trackline.events.data;

import java.time.LocalDate;
import java.util.List;

/** Data of {@code OrderConfirmed}: the order was verified, stored and given a tracking number. */
public record OrderConfirmed(
        String orderId,
        String externalReference,
        String orderSource,
        String serviceLevel,
        Customer customer,
        Destination destination,
        List<Item> items,
        String trackingNumber,
        String trackingUrl,
        LocalDate estimatedDelivery) implements EventData {
}
