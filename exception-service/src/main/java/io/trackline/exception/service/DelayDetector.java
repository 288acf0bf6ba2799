package io.trackline.exception.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.trackline.events.data.EscalationRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.exception.ExceptionCase;
import io.trackline.exception.ShipmentWatch;
import io.trackline.exception.config.ExceptionConfig;
import io.trackline.exception.config.Playbooks;
import io.trackline.platform.calendar.BusinessCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * Finds the delays nobody reported and escalates cases that stay open. One run at a time across all replicas
 * (a PostgreSQL advisory lock), and a detection rule raises one case per shipment however often it runs
 * (checked, and guaranteed by a unique index on open cases per rule).
 */
@ApplicationScoped
public class DelayDetector {

    private static final Logger LOG = Logger.getLogger(DelayDetector.class);
    private static final long LOCK_KEY = 0x7472_6163_6b6cL; // "trackl"
    /**
     * Only shipments whose order arrived: scans of an order nobody confirmed are dead-lettered by tracking-service
     * and are for ops, and their watch lacks the service level and time zone the rules need.
     */
    private static final String CONFIRMED = "confirmedAt is not null";

    /** What one run did; {@code ran} is false when another replica held the lock. */
    public record Run(boolean ran, int opened, int escalated) {
    }

    @Inject
    EntityManager entityManager;

    @Inject
    CaseService cases;

    @Inject
    Playbooks playbooks;

    @Inject
    ExceptionConfig config;

    @Inject
    BusinessCalendar calendar;

    @Inject
    Clock clock;

    @Scheduled(every = "${trackline.exception.detection-interval:60s}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Run run = run(clock.instant());
        if (run.opened() + run.escalated() > 0) {
            LOG.infof("delay detection: %d case(s) opened, %d escalation(s)", run.opened(), run.escalated());
        }
    }

    /** Applies every rule as of {@code now}. */
    public Run run(Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Boolean locked = (Boolean) entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                    .setParameter(1, LOCK_KEY).getSingleResult();
            if (!locked) {
                return new Run(false, 0, 0);
            }
            int opened = detect(now);
            int escalated = escalate(now);
            return new Run(true, opened, escalated);
        });
    }

    private int detect(Instant now) {
        int opened = 0;
        ExceptionConfig.Rules rules = config.rules();
        if (rules.noScan().enabled()) {
            for (ShipmentWatch w : ShipmentWatch.<ShipmentWatch>list(
                    "status in ('DISPATCHED', 'IN_TRANSIT') and " + CONFIRMED)) {
                Duration after = rules.noScan().after().getOrDefault(w.serviceLevel, Duration.ofHours(48));
                Instant lastSeen = w.lastScanAt == null ? w.statusAt : w.lastScanAt;
                if (lastSeen.plus(after).isBefore(now)) {
                    opened += open(now, w, ExceptionCase.Rule.NO_SCAN, ExceptionReason.DELAY_DETECTED,
                            "No scan since " + lastSeen + " (more than " + after.toHours() + " hours)");
                }
            }
        }
        if (rules.etaPassed().enabled()) {
            for (ShipmentWatch w : ShipmentWatch.<ShipmentWatch>list(
                    "status in ('CONFIRMED', 'DISPATCHED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY') and estimatedDelivery is not null and "
                            + CONFIRMED)) {
                LocalDate today = LocalDate.ofInstant(now, cases.zone(w));
                if (w.estimatedDelivery.isBefore(today)) {
                    opened += open(now, w, ExceptionCase.Rule.ETA_PASSED, ExceptionReason.DELAY_DETECTED,
                            "Expected on " + w.estimatedDelivery + " but not delivered");
                }
            }
        }
        if (rules.notDeliveredEndOfDay().enabled()) {
            for (ShipmentWatch w : ShipmentWatch.<ShipmentWatch>list("status = 'OUT_FOR_DELIVERY' and " + CONFIRMED)) {
                ZoneId zone = cases.zone(w);
                ZonedDateTime endOfDay = LocalDate.ofInstant(w.outForDeliveryAt == null ? w.statusAt
                        : w.outForDeliveryAt, zone).plusDays(1).atStartOfDay(zone);
                if (now.isAfter(endOfDay.toInstant())) {
                    opened += open(now, w, ExceptionCase.Rule.NOT_DELIVERED_END_OF_DAY, ExceptionReason.FAILED_ATTEMPT,
                            "Out for delivery on " + endOfDay.toLocalDate().minusDays(1)
                                    + " but not delivered by the end of the day");
                }
            }
        }
        if (rules.notDispatched().enabled()) {
            for (ShipmentWatch w : ShipmentWatch.<ShipmentWatch>list("status = 'CONFIRMED'")) {
                Instant deadline = dispatchDeadline(w.confirmedAt).plus(rules.notDispatched().grace());
                if (now.isAfter(deadline)) {
                    opened += open(now, w, ExceptionCase.Rule.NOT_DISPATCHED, ExceptionReason.DELAY_DETECTED,
                            "Confirmed at " + w.confirmedAt + " but not dispatched by the cut-off");
                }
            }
        }
        return opened;
    }

    private int open(Instant now, ShipmentWatch watch, ExceptionCase.Rule rule, ExceptionReason reason,
            String description) {
        if (ExceptionCase.openWithRule(watch.trackingNumber, rule)) {
            return 0;
        }
        cases.openDetected(watch, rule, reason, description, now);
        return 1;
    }

    /** Cases open past their playbook's threshold: level 1; past twice the threshold: level 2. */
    private int escalate(Instant now) {
        int escalated = 0;
        List<ExceptionCase> open = ExceptionCase.list("status <> ?1 and escalationLevel < 2",
                ExceptionCase.Status.RESOLVED);
        for (ExceptionCase c : open) {
            Duration threshold = playbooks.forReason(ExceptionReason.valueOf(c.reason)).escalateAfter();
            Duration openFor = Duration.between(c.openedAt, now);
            if (openFor.compareTo(threshold) > 0 && cases.escalate(c, 1, EscalationRaised.Trigger.OPEN_TOO_LONG,
                    "open for " + openFor.toHours() + " hours")) {
                escalated++;
            }
            if (openFor.compareTo(threshold.multipliedBy(2)) > 0 && cases.escalate(c, 2,
                    EscalationRaised.Trigger.OPEN_TOO_LONG, "still open after " + openFor.toHours() + " hours")) {
                escalated++;
            }
        }
        return escalated;
    }

    /** The cut-off of the dispatch day, the same day order-service's first estimate counts from. */
    Instant dispatchDeadline(Instant confirmedAt) {
        return calendar.cutOffOn(calendar.nextDispatchDay(confirmedAt));
    }
}
