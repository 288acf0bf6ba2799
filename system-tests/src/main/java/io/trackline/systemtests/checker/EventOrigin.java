package io.trackline.systemtests.checker;

/** How an event entered the system. */
public enum EventOrigin {
    /** published straight to the lifecycle topic by an upstream producer (the burst generator) */
    KAFKA,
    /** posted to tracking-service's ingest API */
    INGEST_API,
    /** made by order-service from an order posted to its API (the event id is known only once it is recorded) */
    ORDER_API
}
