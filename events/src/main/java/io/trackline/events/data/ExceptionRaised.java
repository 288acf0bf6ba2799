package io.trackline.events.data;

import java.time.LocalDate;
import java.util.List;

/** Data of {@code ExceptionRaised}: an exception or delay on a shipment. */
public record ExceptionRaised(
        String caseId,
        ExceptionReason reason,
        ExceptionSource source,
        String description,
        String carrierCode,
        Location location,
        LocalDate revisedEstimatedDelivery,
        List<String> resolutionSteps) implements EventData {
}
