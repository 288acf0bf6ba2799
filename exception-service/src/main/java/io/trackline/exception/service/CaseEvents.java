package io.trackline.exception.service;

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
import io.trackline.exception.ExceptionCase;
import io.trackline.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The events a case publishes, through the outbox in the caller's transaction: {@code ExceptionRaised} of a
 * detected case, {@code EtaUpdated}, {@code EscalationRaised} and {@code ExceptionResolved}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CaseEvents {

    public static final String SOURCE = "/trackline/exception-service";
    private static final String AGGREGATE = "ExceptionCase";

    @Inject
    Outbox outbox;

    /** The {@code ExceptionRaised} of a delay we detected (its id is the case's {@code raisedEventId}). */
    void raised(ExceptionCase c, String description, LocalDate revised, Instant now) {
        outbox.add(Topics.SHIPMENT_LIFECYCLE, AGGREGATE, new CloudEvent(c.raisedEventId, SOURCE,
                EventType.EXCEPTION_RAISED.typeName(), c.trackingNumber, now.atOffset(ZoneOffset.UTC),
                EventType.EXCEPTION_RAISED.dataSchemaUri(),
                EventCodec.toDataNode(new ExceptionRaised(c.id.toString(), ExceptionReason.valueOf(c.reason),
                        ExceptionSource.DETECTED, description, null, null, revised, c.steps())),
                extensions(c.orderId)));
    }

    /** {@code customerInformed}: the date went out already (with a detected case's ExceptionRaised). */
    void etaUpdated(ExceptionCase c, LocalDate previous, LocalDate eta, String actor, boolean customerInformed,
            Instant now) {
        publish(c, EventType.ETA_UPDATED, now, new EtaUpdated(c.id.toString(), c.raisedEventId, previous, eta,
                ExceptionReason.valueOf(c.reason), c.steps(), actor, customerInformed));
    }

    void escalated(ExceptionCase c, int level, EscalationRaised.Trigger trigger, String why, Instant now) {
        publish(c, EventType.ESCALATION_RAISED, now, new EscalationRaised(c.id.toString(), c.raisedEventId, level,
                trigger, ExceptionReason.valueOf(c.reason), c.openedAt, why));
    }

    void resolved(ExceptionCase c, ExceptionResolved.Resolution resolution, String note, String actor, Instant now) {
        publish(c, EventType.EXCEPTION_RESOLVED, now,
                new ExceptionResolved(c.id.toString(), c.raisedEventId, resolution, note, actor));
    }

    private void publish(ExceptionCase c, EventType type, Instant now, Object data) {
        outbox.add(Topics.SHIPMENT_LIFECYCLE, AGGREGATE, Events.create(type, SOURCE, c.trackingNumber,
                now.atOffset(ZoneOffset.UTC), data, extensions(c.orderId)));
    }

    private static Map<String, String> extensions(String orderId) {
        return orderId == null ? Map.of() : Map.of("orderid", orderId);
    }
}
