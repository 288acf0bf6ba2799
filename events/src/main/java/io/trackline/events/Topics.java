package io.trackline.events;

/** Kafka topic names. Lifecycle records are keyed by tracking number so one shipment's events keep their order. */
public final class Topics {
    public static final String SHIPMENT_LIFECYCLE = "trackline.shipment.lifecycle";
    public static final String COMMUNICATIONS = "trackline.communications";
    public static final String DEAD_LETTER = "trackline.dead-letter";
    /** Dead-letter records that audit-service could not even store: parked, never looped back. */
    public static final String DEAD_LETTER_PARKED = "trackline.dead-letter.parked";

    /** Partition count chosen for scale-out: up to 12 consumer replicas per service. */
    public static final int PARTITIONS = 12;

    private Topics() {
    }
}
