package io.trackline.events.data;

import java.time.Instant;

/** Data of {@code EscalationRaised}: an exception case needs management's attention; once per case and level. */
public record EscalationRaised(
        String caseId,
        String raisedEventId,
        int level,
        Trigger trigger,
        ExceptionReason reason,
        Instant openedAt,
        String description) implements EventData {

    public enum Trigger { OPEN_TOO_LONG, REPEATED_EXCEPTION, LATE_BEYOND_PROMISE }
}
