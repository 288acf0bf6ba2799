package io.trackline.loadgen;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Customer;
import io.trackline.events.data.Destination;
import io.trackline.events.data.Item;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One shipment's full lifecycle as the upstream systems publish it: the order's confirmation, then the carrier's
 * milestones. The tracking numbers of a run are distinct (a run number and a serial) and carry a valid check digit.
 */
final class Lifecycle {

    static final List<EventType> STEPS = List.of(EventType.ORDER_CONFIRMED, EventType.DISPATCHED,
            EventType.IN_TRANSIT, EventType.IN_TRANSIT, EventType.OUT_FOR_DELIVERY, EventType.DELIVERED);

    /** The status the tracking projection shows after each step. */
    static final List<String> STATUS_AFTER = List.of("CONFIRMED", "DISPATCHED", "IN_TRANSIT", "IN_TRANSIT",
            "OUT_FOR_DELIVERY", "DELIVERED");

    static final String SOURCE = "/trackline/load-generator";
    private static final List<Location> HUBS = List.of(new Location("Sorting centre", "Utrecht", "NL", null, null),
            new Location("Hub", "Amsterdam", "NL", null, null), new Location("Depot", "Rotterdam", "NL", null, null));

    private final int run;
    private final String publicUrl;

    Lifecycle(int run, String publicUrl) {
        if (run < 0 || run > 99) {
            throw new IllegalArgumentException("run must be 0..99");
        }
        this.run = run;
        this.publicUrl = publicUrl;
    }

    /** Up to a million distinct numbers per run: LG + run (2 digits) + serial (6 digits) + check digit + NL. */
    String trackingNumber(int shipment) {
        if (shipment < 0 || shipment >= 1_000_000) {
            throw new IllegalArgumentException("at most a million shipments per run");
        }
        String serial = String.format("%02d%06d", run, shipment);
        return "LG" + serial + TrackingNumbers.checkDigit(serial) + "NL";
    }

    CloudEvent event(int shipment, int step, OffsetDateTime time) {
        String tn = trackingNumber(shipment);
        EventType type = STEPS.get(step);
        if (type == EventType.ORDER_CONFIRMED) {
            String id = UUID.randomUUID().toString();
            OrderConfirmed order = new OrderConfirmed(id, "LOAD-" + tn, "load-generator", "STANDARD",
                    new Customer("Load Test " + shipment, "load." + tn.toLowerCase() + "@example.com",
                            "+3161" + String.format("%07d", shipment % 10_000_000), "en", "Europe/Amsterdam"),
                    new Destination("Amsterdam", "1012 LG", "NL"), List.of(new Item("SKU-1", "Teapot", 1)), tn,
                    publicUrl + "/track/" + tn, time.toLocalDate().plusDays(3));
            return Events.create(type, SOURCE, tn, time, order, Map.of("orderid", id));
        }
        Location where = HUBS.get(Math.floorMod(shipment + step, HUBS.size()));
        Milestone milestone = new Milestone(where, "ACME", "S" + step, type.typeName(), null, null,
                type == EventType.DELIVERED ? "Load Test " + shipment : null, null);
        return Events.create(type, SOURCE, tn, time, milestone, Map.of());
    }
}
