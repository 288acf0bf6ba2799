package io.trackline.audit.service;

import java.util.List;

/** What one maintenance run did; {@code ran} is false when another replica held the lock. */
public record MaintenanceReport(boolean ran, int partitionsCreated, List<DroppedPartition> dropped) {

    static MaintenanceReport skipped() {
        return new MaintenanceReport(false, 0, List.of());
    }
}
