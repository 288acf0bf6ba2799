package io.trackline.notification.service;

import io.trackline.notification.CallTask;
import io.trackline.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The call-task queue of customer service. */
@ApplicationScoped
@Transactional
public class CallTasks {

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<CallTask> list(CallTask.Status status, String trackingNumber) {
        if (trackingNumber != null && !trackingNumber.isBlank()) {
            return status == null
                    ? CallTask.list("trackingNumber = ?1 order by createdAt", trackingNumber)
                    : CallTask.list("status = ?1 and trackingNumber = ?2 order by createdAt", status, trackingNumber);
        }
        return status == null ? CallTask.list("order by createdAt desc")
                : CallTask.list("status = ?1 order by createdAt", status);
    }

    public CallTask complete(UUID id, CallTask.Outcome outcome, String note, String by) {
        CallTask task = CallTask.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (task == null) {
            throw ProblemException.notFound("no call task " + id);
        }
        if (task.status == CallTask.Status.COMPLETED) {
            throw ProblemException.conflict("call task " + id + " was already completed by " + task.completedBy);
        }
        task.status = CallTask.Status.COMPLETED;
        task.outcome = outcome;
        task.note = note;
        task.completedBy = by;
        task.completedAt = Instant.now(clock);
        return task;
    }
}
