package io.trackline.audit.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "trackline.audit")
public interface AuditConfig {

    /**
     * How many months records are kept at least. Never below {@value RetentionMonthsConverter#MINIMUM}: a lower
     * value stops the service at start-up, before it can drop anything.
     */
    @WithDefault("13")
    @WithConverter(RetentionMonthsConverter.class)
    Integer retentionMonths();

    /** How many months of partitions exist ahead of the current one. */
    @WithDefault("3")
    int partitionsAhead();

    /** How often partition creation and retention run (read by {@code @Scheduled}; {@code off} disables). */
    @WithDefault("1h")
    String maintenanceInterval();

    /** Rows fetched per round trip while an export or a verification streams through the table. */
    @WithDefault("1000")
    int fetchSize();
}
