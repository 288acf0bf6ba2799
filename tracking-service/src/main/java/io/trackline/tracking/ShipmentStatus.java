package io.trackline.tracking;

import io.trackline.events.EventType;

import java.util.Optional;

/** Where a shipment stands. The order of the constants is the order of the milestones. */
public enum ShipmentStatus {
    CONFIRMED, DISPATCHED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED;

    /** The status an event type moves a shipment to; empty for events that do not set a status. */
    public static Optional<ShipmentStatus> of(EventType type) {
        return Optional.ofNullable(switch (type) {
            case ORDER_CONFIRMED -> CONFIRMED;
            case DISPATCHED -> DISPATCHED;
            case IN_TRANSIT -> IN_TRANSIT;
            case OUT_FOR_DELIVERY -> OUT_FOR_DELIVERY;
            case DELIVERED -> DELIVERED;
            default -> null;
        });
    }

    public boolean isFinal() {
        return this == DELIVERED;
    }
}
