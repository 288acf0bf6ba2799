package io.trackline.notification.service;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** {@code trackline.notification.sender.enabled=false} keeps a replica from sending (e.g. API-only replicas). */
public final class SenderSwitch {

    private SenderSwitch() {
    }

    @Singleton
    public static class Off implements Scheduled.SkipPredicate {

        @ConfigProperty(name = "trackline.notification.sender.enabled", defaultValue = "true")
        boolean enabled;

        @Override
        public boolean test(ScheduledExecution execution) {
            return !enabled;
        }
    }
}
