package io.trackline.order.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Map;

@ConfigMapping(prefix = "trackline.order")
public interface OrderConfig {

    /** First two letters of tracking numbers. */
    String trackingPrefix();

    /** Last two letters of tracking numbers (the issuer's country in UPU S10). */
    String trackingSuffix();

    /** Business days (of the platform's calendar, trackline.calendar.*) from dispatch to delivery, per level. */
    Map<String, Integer> transitDays();

    /** Regular expression of valid postal codes, per ISO country. */
    Map<String, String> postalCodes();

    /** How long after delivery an order without an open exception closes by itself. */
    @WithDefault("P3D")
    java.time.Duration quietPeriod();

    /** How often the quiet-period closer runs (read by its {@code @Scheduled}). */
    @WithDefault("60s")
    String closeCheckInterval();

    /** How long an Idempotency-Key is remembered. */
    @WithDefault("P7D")
    java.time.Duration idempotencyKeyTtl();

    /** Languages customers can be served in. */
    List<String> languages();
}
