package io.trackline.exception.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

@ConfigMapping(prefix = "trackline.exception")
public interface ExceptionConfig {

    /** How often the detection job runs (read by its {@code @Scheduled}). */
    @WithDefault("60s")
    String detectionInterval();

    /** A playbook file replacing the bundled {@code playbooks.yaml}. */
    Optional<String> playbookFile();

    Rules rules();

    Escalation escalation();

    interface Rules {
        NoScan noScan();

        Toggle etaPassed();

        Toggle notDeliveredEndOfDay();

        NotDispatched notDispatched();
    }

    interface Toggle {
        @WithDefault("true")
        boolean enabled();
    }

    interface NoScan {
        @WithDefault("true")
        boolean enabled();

        /** How long without a scan is too long, per service level. */
        Map<String, Duration> after();
    }

    interface NotDispatched {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("PT1H")
        Duration grace();
    }

    interface Escalation {
        /** Escalate when the revised date is later than the promised one by more than this many business days. */
        @WithDefault("2")
        int lateBeyondPromiseDays();
    }
}
