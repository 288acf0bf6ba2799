package io.trackline.events.data;

/** Where the shipment goes, without the street: enough for ETA rules and the tracking page. */
public record Destination(String city, String postalCode, String country) {
}
