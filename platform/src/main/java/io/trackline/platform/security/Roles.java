package io.trackline.platform.security;

/** The roles a bearer token's {@code groups} claim can carry. */
public final class Roles {
    /** Operations staff: every read and every manual action. */
    public static final String OPS = "ops";
    /** Customer service: orders, preferences, call tasks, exceptions. */
    public static final String CUSTOMER_SERVICE = "customer-service";
    /** Management: escalations and reports. */
    public static final String MANAGEMENT = "management";
    /** Upstream systems posting orders and events. */
    public static final String INGEST = "ingest";

    private Roles() {
    }
}
