package io.trackline.platform.time;

import io.trackline.events.CloudEvent;
import io.trackline.events.InvalidEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The one rule for occurrence times in the future, at every entry point (REST and Kafka alike): a time further
 * ahead than {@code trackline.events.max-clock-skew} is refused. Such an event would otherwise be the latest by
 * occurrence time for days and freeze a shipment's status.
 */
@ApplicationScoped
public class ClockSkew {

    @Inject
    Clock clock;

    @ConfigProperty(name = "trackline.events.max-clock-skew", defaultValue = "PT5M")
    Duration maxClockSkew;

    public boolean isTooFarAhead(Instant time) {
        return time != null && time.isAfter(clock.instant().plus(maxClockSkew));
    }

    /** For a field error: "is in the future (more than 5 minutes ahead)". */
    public String problem() {
        return "is in the future (more than " + maxClockSkew.toMinutes() + " minutes ahead)";
    }

    /** Throws {@link InvalidEventException} for an event whose {@code time} is too far ahead. */
    public void check(CloudEvent event) {
        if (event.time() != null && isTooFarAhead(event.time().toInstant())) {
            throw new InvalidEventException(event.type() + " " + event.id() + ": time " + event.time() + " "
                    + problem() + "; replay it once that time has come if it is right");
        }
    }
}
