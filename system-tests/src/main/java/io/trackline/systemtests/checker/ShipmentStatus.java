package io.trackline.systemtests.checker;

import java.util.Map;

/** tracking-service's shipment statuses in the order a parcel goes through them. */
public enum ShipmentStatus {
    CONFIRMED, DISPATCHED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED;

    private static final Map<String, ShipmentStatus> BY_EVENT_TYPE = Map.of("OrderConfirmed", CONFIRMED,
            "Dispatched", DISPATCHED, "InTransit", IN_TRANSIT, "OutForDelivery", OUT_FOR_DELIVERY,
            "Delivered", DELIVERED);

    /** The status a milestone of this type sets, or null for an event that sets none. */
    public static ShipmentStatus after(String eventType) {
        return BY_EVENT_TYPE.get(eventType);
    }
}
