package io.trackline.events.data;

/**
 * Data of {@code ExceptionResolved}: the case opened by the {@code ExceptionRaised} event {@code raisedEventId}
 * is resolved, because the shipment moved on or because ops resolved it.
 */
public record ExceptionResolved(String caseId, String raisedEventId, Resolution resolution, String note,
        String resolvedBy) implements EventData {

    public enum Resolution { SHIPMENT_MOVED_ON, RESOLVED_BY_OPS }
}
