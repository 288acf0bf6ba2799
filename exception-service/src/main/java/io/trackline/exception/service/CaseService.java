package io.trackline.exception.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
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
import io.trackline.platform.messaging.BatchLookups;
import io.trackline.platform.outbox.Outbox;
import io.trackline.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    public static final String EVENT_SOURCE = "/trackline/exception-service";
    static final String SYSTEM = "system";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @Inject
    Outbox outbox;

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

    @Inject
    BatchLookups lookups;

    private static final String OPEN_CASES = "exception.open-cases";
    private static final String PREFETCH_OPEN = """
            SELECT * FROM exception_case WHERE tracking_number = ANY(CAST(?1 AS char(13)[])) AND status <> 'RESOLVED'
            ORDER BY opened_at""";

    /**
     * Loads the open cases of these shipments with one query, for {@link #resolveMovedOn} in this transaction (a
     * batch of events): cases opened in it join them, resolved ones drop out.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void prefetchOpen(List<String> trackingNumbers) {
        Map<String, List<ExceptionCase>> open = new HashMap<>();
        trackingNumbers.forEach(tn -> open.put(tn, new ArrayList<>()));
        @SuppressWarnings("unchecked")
        List<ExceptionCase> found = entityManager.createNativeQuery(PREFETCH_OPEN, ExceptionCase.class)
                .setParameter(1, trackingNumbers.toArray(String[]::new)).getResultList();
        found.forEach(c -> open.computeIfAbsent(c.trackingNumber, tn -> new ArrayList<>()).add(c));
        lookups.keep(OPEN_CASES, open);
    }

    private List<ExceptionCase> openCases(String trackingNumber) {
        Map<String, List<ExceptionCase>> open = lookups.get(OPEN_CASES);
        if (open == null || !open.containsKey(trackingNumber)) {
            return ExceptionCase.openFor(trackingNumber);
        }
        return open.get(trackingNumber).stream().filter(ExceptionCase::isOpen)
                .sorted(Comparator.comparing(c -> c.openedAt)).toList();
    }

    private void rememberOpened(ExceptionCase opened) {
        Map<String, List<ExceptionCase>> open = lookups.get(OPEN_CASES);
        if (open != null && open.containsKey(opened.trackingNumber)) {
            open.get(opened.trackingNumber).add(opened);
        }
    }

    /** A case for an exception reported by a carrier, an upstream system or the customer. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ExceptionCase openReported(CloudEvent event, ExceptionRaised data, ShipmentWatch watch) {
        ExceptionCase opened = newCase(event.subject(), watch, data.reason(), data.source().name(), null,
                event.id(), data.description(), event.time().toInstant().truncatedTo(ChronoUnit.MICROS));
        opened.carrierCode = data.carrierCode();
        opened.persist();
        rememberOpened(opened);
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

    /** Whether the shipment has an open case. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean anyOpen(String trackingNumber) {
        return !openCases(trackingNumber).isEmpty();
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
        rememberOpened(opened);
        CaseHistory.record(opened.id, "OPENED", SYSTEM, rule + ": " + description, now);
        LocalDate previous = watch.estimatedDelivery;
        LocalDate revised = revisedDate(watch, reason, null, detectedAt);
        opened.revisedEta = revised;
        CloudEvent raised = new CloudEvent(opened.raisedEventId, EVENT_SOURCE, EventType.EXCEPTION_RAISED.typeName(),
                watch.trackingNumber, now.atOffset(ZoneOffset.UTC), EventType.EXCEPTION_RAISED.dataSchemaUri(),
                EventCodec.toDataNode(new ExceptionRaised(opened.id.toString(), reason, ExceptionSource.DETECTED,
                        description, null, null, revised, steps(opened))), extensions(watch.orderId));
        outbox.add(Topics.SHIPMENT_LIFECYCLE, "ExceptionCase", raised);
        if (revised != null && !revised.equals(previous)) {
            watch.estimate(revised, opened.openedAt);
            publishEta(opened, previous, revised, SYSTEM, true);
        }
        checkRepeated(opened);
        checkLate(opened, watch);
        return opened;
    }

    /**
     * The shipment moved on after these cases were opened: they are resolved. So is a detected delay that the
     * shipment's {@code status} now settles, whenever the milestone happened (see {@link ExceptionCase.Rule#settledBy}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void resolveMovedOn(String trackingNumber, Instant occurred, String milestone, String status) {
        for (ExceptionCase open : openCases(trackingNumber)) {
            if (!occurred.isBefore(open.openedAt) || open.rule != null && open.rule.settledBy(status)) {
                resolve(open, ExceptionResolved.Resolution.SHIPMENT_MOVED_ON, "the shipment moved on: " + milestone,
                        SYSTEM);
            }
        }
    }

    public ExceptionCase acknowledge(UUID id, String actor) {
        ExceptionCase locked = locked(id);
        if (locked.status != ExceptionCase.Status.OPEN) {
            throw ProblemException.conflict("case " + id + " is " + locked.status);
        }
        locked.status = ExceptionCase.Status.ACKNOWLEDGED;
        locked.acknowledgedAt = now();
        locked.acknowledgedBy = actor;
        locked.updatedAt = locked.acknowledgedAt;
        CaseHistory.record(id, "ACKNOWLEDGED", actor, null, locked.acknowledgedAt);
        return locked;
    }

    public ExceptionCase resolveByOps(UUID id, String note, String actor) {
        ExceptionCase locked = locked(id);
        if (!locked.isOpen()) {
            throw ProblemException.conflict("case " + id + " is resolved already");
        }
        resolve(locked, ExceptionResolved.Resolution.RESOLVED_BY_OPS, note, actor);
        return locked;
    }

    public ExceptionCase changeEta(UUID id, LocalDate eta, String note, String actor) {
        ExceptionCase locked = locked(id);
        if (!locked.isOpen()) {
            throw ProblemException.conflict("case " + id + " is resolved; its estimate cannot change");
        }
        ShipmentWatch watch = ShipmentWatch.find(locked.trackingNumber).orElse(null);
        LocalDate previous = watch == null ? locked.revisedEta : watch.estimatedDelivery;
        locked.revisedEta = eta;
        locked.updatedAt = now();
        if (watch != null) {
            watch.estimate(eta, locked.updatedAt);
        }
        CaseHistory.record(id, "ETA_CHANGED", actor, eta + (note == null ? "" : ": " + note), locked.updatedAt);
        publishEta(locked, previous, eta, actor);
        if (watch != null) {
            checkLate(locked, watch);
        }
        return locked;
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
        outbox.add(Topics.SHIPMENT_LIFECYCLE, "ExceptionCase", Events.create(EventType.ESCALATION_RAISED,
                EVENT_SOURCE, escalated.trackingNumber, now.atOffset(ZoneOffset.UTC),
                new EscalationRaised(escalated.id.toString(), escalated.raisedEventId, level, trigger,
                        ExceptionReason.valueOf(escalated.reason), escalated.openedAt, why),
                extensions(escalated.orderId)));
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

    ZoneId zone(ShipmentWatch watch) {
        try {
            return watch == null || watch.timeZone == null ? calendar.zone() : ZoneId.of(watch.timeZone);
        } catch (DateTimeException e) {
            return calendar.zone();
        }
    }

    public static List<String> steps(ExceptionCase c) {
        if (c.resolutionSteps == null) {
            return List.of();
        }
        try {
            return EventCodec.mapper().readValue(c.resolutionSteps, STRINGS);
        } catch (JsonProcessingException e) {
            return List.of();
        }
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
            publishEta(opened, previous, revised, actor);
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

    private void checkLate(ExceptionCase c, ShipmentWatch watch) {
        // business days: a Friday promise moved to Monday is one day late, not three
        if (c.revisedEta != null && watch.promisedDelivery != null && c.revisedEta.isAfter(
                calendar.addBusinessDays(watch.promisedDelivery, config.escalation().lateBeyondPromiseDays()))) {
            escalate(c, 1, EscalationRaised.Trigger.LATE_BEYOND_PROMISE, "new date " + c.revisedEta
                    + " is more than " + config.escalation().lateBeyondPromiseDays()
                    + " business days after the promised " + watch.promisedDelivery);
        }
    }

    private void resolve(ExceptionCase c, ExceptionResolved.Resolution resolution, String note, String actor) {
        Instant now = now();
        c.status = ExceptionCase.Status.RESOLVED;
        c.resolvedAt = now;
        c.resolvedBy = actor;
        c.resolution = resolution.name();
        c.resolutionNote = note;
        c.updatedAt = now;
        CaseHistory.record(c.id, "RESOLVED", actor, resolution + (note == null ? "" : ": " + note), now);
        outbox.add(Topics.SHIPMENT_LIFECYCLE, "ExceptionCase", Events.create(EventType.EXCEPTION_RESOLVED,
                EVENT_SOURCE, c.trackingNumber, now.atOffset(ZoneOffset.UTC),
                new ExceptionResolved(c.id.toString(), c.raisedEventId, resolution, note, actor),
                extensions(c.orderId)));
    }

    private void publishEta(ExceptionCase c, LocalDate previous, LocalDate eta, String actor) {
        publishEta(c, previous, eta, actor, false);
    }

    /** {@code customerInformed}: the date went out already (with a detected case's ExceptionRaised). */
    private void publishEta(ExceptionCase c, LocalDate previous, LocalDate eta, String actor,
            boolean customerInformed) {
        outbox.add(Topics.SHIPMENT_LIFECYCLE, "ExceptionCase", Events.create(EventType.ETA_UPDATED, EVENT_SOURCE,
                c.trackingNumber, now().atOffset(ZoneOffset.UTC), new EtaUpdated(c.id.toString(), c.raisedEventId,
                        previous, eta, ExceptionReason.valueOf(c.reason), steps(c), actor, customerInformed),
                extensions(c.orderId)));
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

    private ExceptionCase locked(UUID id) {
        ExceptionCase c = entityManager.find(ExceptionCase.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw ProblemException.notFound("no exception case " + id);
        }
        return c;
    }

    private static Map<String, String> extensions(String orderId) {
        return orderId == null ? Map.of() : Map.of("orderid", orderId);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
