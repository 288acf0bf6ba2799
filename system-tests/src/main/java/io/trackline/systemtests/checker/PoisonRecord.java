package io.trackline.systemtests.checker;

/** A record that is no valid event, accepted by the broker under its own key: it must end up dead-lettered. */
public record PoisonRecord(String key, String kind) {
}
