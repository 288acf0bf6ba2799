package io.trackline.exception.service;

import io.trackline.events.data.ExceptionResolved;
import io.trackline.exception.CaseHistory;
import io.trackline.exception.ExceptionCase;
import io.trackline.exception.ShipmentWatch;
import io.trackline.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What ops and customer service do with a case (the ops API): acknowledge it, change its estimate, resolve it.
 * Each locks the case, refuses with a 409 problem what its state does not allow, and is recorded in its history.
 */
@ApplicationScoped
@Transactional
public class CaseActions {

    @Inject
    CaseService cases;

    @Inject
    CaseEvents events;

    @Inject
    EntityManager entityManager;

    public ExceptionCase acknowledge(UUID id, String actor) {
        ExceptionCase locked = locked(id);
        if (locked.status != ExceptionCase.Status.OPEN) {
            throw ProblemException.conflict("case " + id + " is " + locked.status);
        }
        locked.status = ExceptionCase.Status.ACKNOWLEDGED;
        locked.acknowledgedAt = cases.now();
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
        cases.resolve(locked, ExceptionResolved.Resolution.RESOLVED_BY_OPS, note, actor);
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
        locked.updatedAt = cases.now();
        if (watch != null) {
            watch.estimate(eta, locked.updatedAt);
        }
        CaseHistory.record(id, "ETA_CHANGED", actor, eta + (note == null ? "" : ": " + note), locked.updatedAt);
        events.etaUpdated(locked, previous, eta, actor, false, locked.updatedAt);
        if (watch != null) {
            cases.checkLate(locked, watch);
        }
        return locked;
    }

    private ExceptionCase locked(UUID id) {
        ExceptionCase c = entityManager.find(ExceptionCase.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null) {
            throw ProblemException.notFound("no exception case " + id);
        }
        return c;
    }
}
