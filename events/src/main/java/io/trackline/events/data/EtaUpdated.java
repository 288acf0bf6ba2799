package io.trackline.events.data;

import java.time.LocalDate;
import java.util.List;

/**
 * Data of {@code EtaUpdated}: the estimated delivery date changed because of an exception case (or by hand).
 * {@code raisedEventId} names the {@code ExceptionRaised} that opened the case, if any; the resolution steps are
 * the playbook's for the case's reason. {@code customerInformed} is true when the customer got the new date already
 * (with the {@code ExceptionRaised} of a detected delay), so that nobody tells them twice.
 */
public record EtaUpdated(
        String caseId,
        String raisedEventId,
        LocalDate previousEstimatedDelivery,
        LocalDate estimatedDelivery,
        ExceptionReason reason,
        List<String> resolutionSteps,
        String updatedBy,
        Boolean customerInformed) implements EventData {
}
