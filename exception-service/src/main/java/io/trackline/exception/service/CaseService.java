package io.trackline.exception.service;

import io.trackline.events.Event;
import io.trackline.events.EventCodec;
import io.trackline.events.data.EscalationRaised;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.events.data.ExceptionSource;
import io.trackline.exception.CaseHistory;
import io.trackline.exception.ExceptionCase;
import io.trackline.exception.ShipmentWatch;
import io.trackline.exception.config.ExceptionConfig;
import io.trackline.exception.config.Playbooks;
import io.trackline.platform.calendar.BusinessCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Opens, revises, escalates and resolves exception cases. Every change is recorded in the case history and
 * published through the outbox in the same transaction: {@code ExceptionRaised} for detected cases,
 * {@code EtaUpdated} whenever the estimate changes, {@code EscalationRaised} once per case and level, and
 * {@code ExceptionResolved}.
 */
@ApplicationScoped
@Transactional
public class CaseService {

    public static final String EVENT_SOURCE = CaseEvents.SOURCE;
    static final String SYSTEM = "system";

    @Inject
    CaseEvents events;

    @Inject
    Playbooks playbooks;

    @Inject
    ExceptionConfig config;

    @Inject
    BusinessCalendar calendar;

    @Inject
    Clock clock;

    @Inject
    EntityManager entityManager;

    /** A case for an exception reported by a carrier, an upstream system or the customer. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ExceptionCase openReported(Event<ExceptionRaised> event, ShipmentWatch watch) {
        ExceptionRaised data = event.data();
        ExceptionCase opened = newCase(event.subject(), watch, data.reason(), data.source().name(), null,
                event.id(), data.description(), event.time().toInstant().truncatedTo(ChronoUnit.MICROS));
        opened.carrierCode = data.carrierCode();
        opened.persist();
        CaseHistory.record(opened.id, "OPENED", event.source(), data.description(), now());
        reviseEstimate(opened, watch, data.revisedEstimatedDelivery(), SYSTEM);
        checkRepeated(opened);
        // it arrived after a later milestone, which would have resolved it had it come first: the same outcome
        if (watch != null && watch.movedOnSince(opened.openedAt)) {
            resolve(opened, ExceptionResolved.Resolution.SHIPMENT_MOVED_ON,
                    "the shipment had moved on when the exception arrived", SYSTEM);
        }
        return opened;
    }

    /**
     * The shipment's {@code OrderConfirmed} arrived after events that opened cases: they get its order id, the
     * watch the estimates they made (the latest by time wins), and the check against the promised date that their
     * opening could not make yet.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void orderArrived(ShipmentWatch watch) {
        for (ExceptionCase c : ExceptionCase.<ExceptionCase>list("trackingNumber = ?1 order by openedAt",
                watch.trackingNumber)) {
            if (c.orderId == null) {
                c.orderId = watch.orderId;
            }
            if (c.revisedEta != null) {
                watch.estimate(c.revisedEta, c.openedAt);
                checkLate(c, watch);
            }
        }
    }

    /** A case for a delay found by a detection rule; publishes its {@code ExceptionRaised}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ExceptionCase openDetected(ShipmentWatch watch, ExceptionCase.Rule rule, ExceptionReason reason,
            String description, Instant detectedAt) {
        Instant now = now();
        ExceptionCase opened = newCase(watch.trackingNumber, watch, reason, ExceptionSource.DETECTED.name(), rule,
                UUID.randomUUID().toString(), description, detectedAt.truncatedTo(ChronoUnit.MICROS));
        opened.persist();
        CaseHistory.record(opened.id, "OPENED", SYSTEM, rule + ": " + description, now);
        LocalDate previous = watch.estimatedDelivery;
        LocalDate revised = revisedDate(watch, reason, null, detectedAt);
        opened.revisedEta = revised;
        events.raised(opened, description, revised, now);
        if (revised != null && !revised.equals(previous)) {
            watch.estimate(revised, opened.openedAt);
            events.etaUpdated(opened, previous, revised, SYSTEM, true, now());
        }
        checkRepeated(opened);
        checkLate(opened, watch);
        return opened;
    }

    /**
     * The shipment moved on after those of its {@code open} cases that were opened before {@code occurred}: they are
     * resolved. So is a detected delay that the
     * shipment's {@code status} now settles, whenever the milestone happened (see {@link ExceptionCase.Rule#settledBy}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void resolveMovedOn(List<ExceptionCase> openCases, Instant occurred, String milestone, String status) {
        for (ExceptionCase open : openCases) {
            if (!occurred.isBefore(open.openedAt) || open.rule != null && open.rule.settledBy(status)) {
                resolve(open, ExceptionResolved.Resolution.SHIPMENT_MOVED_ON, "the shipment moved on: " + milestone,
                        SYSTEM);
            }
        }
    }

    /** Escalates once per case and level; returns whether this call did it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean escalate(ExceptionCase escalated, int level, EscalationRaised.Trigger trigger, String why) {
        Instant now = now();
        int inserted = entityManager.createNativeQuery("""
                INSERT INTO escalation (case_id, level, trigger, at) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT DO NOTHING""")
                .setParameter(1, escalated.id).setParameter(2, level).setParameter(3, trigger.name())
                .setParameter(4, now).executeUpdate();
        if (inserted == 0) {
            return false;
        }
        escalated.escalationLevel = Math.max(escalated.escalationLevel, level);
        escalated.updatedAt = now;
        CaseHistory.record(escalated.id, "ESCALATED", SYSTEM, "level " + level + ", " + trigger + ": " + why, now);
        events.escalated(escalated, level, trigger, why, now);
        return true;
    }

    /**
     * The playbook's business days added to the current estimate, or to the day of {@code asOf} when that has
     * passed; the carrier's own new date when it gave one.
     */
    LocalDate revisedDate(ShipmentWatch watch, ExceptionReason reason, LocalDate carrierRevised, Instant asOf) {
        if (carrierRevised != null) {
            return carrierRevised;
        }
        Integer days = playbooks.forReason(reason).etaBusinessDays();
        if (days == null) {
            return null;
        }
        LocalDate today = LocalDate.ofInstant(asOf, zone(watch));
        LocalDate base = watch == null || watch.estimatedDelivery == null || watch.estimatedDelivery.isBefore(today)
                ? today : watch.estimatedDelivery;
        return calendar.addBusinessDays(base, days);
    }

    /** The shipment's time zone, or the business calendar's when it has none. */
    ZoneId zone(ShipmentWatch watch) {
        return watch == null ? calendar.zone() : watch.zone(calendar.zone());
    }

    private void reviseEstimate(ExceptionCase opened, ShipmentWatch watch, LocalDate carrierRevised, String actor) {
        LocalDate previous = watch == null ? null : watch.estimatedDelivery;
        LocalDate revised = revisedDate(watch, ExceptionReason.valueOf(opened.reason), carrierRevised,
                clock.instant());
        opened.revisedEta = revised;
        if (revised != null && !revised.equals(previous)) {
            if (watch != null) {
                // made when the exception occurred: a later milestone's estimate stays
                watch.estimate(revised, opened.openedAt);
            }
            events.etaUpdated(opened, previous, revised, actor, false, now());
        }
        if (watch != null) {
            checkLate(opened, watch);
        }
    }

    private void checkRepeated(ExceptionCase opened) {
        if (ExceptionCase.countFor(opened.trackingNumber) > 1) {
            escalate(opened, 1, EscalationRaised.Trigger.REPEATED_EXCEPTION,
                    "the shipment has had " + ExceptionCase.countFor(opened.trackingNumber) + " exceptions");
        }
    }

    void checkLate(ExceptionCase c, ShipmentWatch watch) {
        // business days: a Friday promise moved to Monday is one day late, not three
        if (c.revisedEta != null && watch.promisedDelivery != null && c.revisedEta.isAfter(
                calendar.addBusinessDays(watch.promisedDelivery, config.escalation().lateBeyondPromiseDays()))) {
            escalate(c, 1, EscalationRaised.Trigger.LATE_BEYOND_PROMISE, "new date " + c.revisedEta
                    + " is more than " + config.escalation().lateBeyondPromiseDays()
                    + " business days after the promised " + watch.promisedDelivery);
        }
    }

    void resolve(ExceptionCase c, ExceptionResolved.Resolution resolution, String note, String actor) {
        Instant now = now();
        c.status = ExceptionCase.Status.RESOLVED;
        c.resolvedAt = now;
        c.resolvedBy = actor;
        c.resolution = resolution.name();
        c.resolutionNote = note;
        c.updatedAt = now;
        CaseHistory.record(c.id, "RESOLVED", actor, resolution + (note == null ? "" : ": " + note), now);
        events.resolved(c, resolution, note, actor, now);
    }

    private ExceptionCase newCase(String trackingNumber, ShipmentWatch watch, ExceptionReason reason, String source,
            ExceptionCase.Rule rule, String raisedEventId, String description, Instant openedAt) {
        ExceptionCase c = new ExceptionCase();
        c.id = UUID.randomUUID();
        c.trackingNumber = trackingNumber;
        c.orderId = watch == null ? null : watch.orderId;
        c.reason = reason.name();
        c.source = source;
        c.rule = rule;
        c.raisedEventId = raisedEventId;
        c.description = description;
        c.status = ExceptionCase.Status.OPEN;
        c.openedAt = openedAt;
        c.resolutionSteps = EventCodec.mapper().valueToTree(playbooks.forReason(reason).customerSteps()).toString();
        c.updatedAt = now();
        return c;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
