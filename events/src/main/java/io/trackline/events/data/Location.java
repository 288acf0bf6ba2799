package io.trackline.events.data;

/** Where a milestone happened. Coordinates are optional. */
public record Location(String facility, String city, String country, Double latitude, Double longitude) {
}
