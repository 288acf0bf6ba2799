package io.trackline.tracking.service;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.platform.messaging.EventPublisher;
import io.trackline.platform.problem.FieldErrors;
import io.trackline.platform.time.ClockSkew;
import io.trackline.tracking.rest.IngestResult;
import io.trackline.tracking.rest.MilestoneUpdate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns milestone updates from carriers' webhooks and the logistics team into lifecycle events: validates
 * each, publishes the valid ones to the lifecycle topic (keyed by tracking number) and answers once the broker
 * has them. The projection then consumes them like any upstream event.
 */
@ApplicationScoped
public class MilestoneIngest {

    public static final int MAX_BATCH = 1000;
    static final Set<EventType> INGESTIBLE = Set.of(EventType.DISPATCHED, EventType.IN_TRANSIT,
            EventType.OUT_FOR_DELIVERY, EventType.DELIVERED, EventType.EXCEPTION_RAISED);
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    @Inject
    EventPublisher publisher;

    @Inject
    ClockSkew clockSkew;

    /**
     * Validates and publishes; invalid entries are reported, valid ones published together.
     * {@code recordedBy} names the person of a manual update (null for systems).
     */
    public IngestResult ingest(List<MilestoneUpdate> updates, String source, String recordedBy, boolean batch) {
        List<IngestResult.Accepted> accepted = new ArrayList<>();
        List<IngestResult.Rejected> rejected = new ArrayList<>();
        List<CloudEvent> events = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            FieldErrors errors = new FieldErrors();
            CloudEvent event = toEvent(updates.get(i), source, recordedBy, errors);
            if (event != null) {
                EventValidator.instance().problems(event).forEach(p -> errors.add("", p));
            }
            if (errors.isEmpty()) {
                events.add(event);
                accepted.add(new IngestResult.Accepted(i, event.id(), event.subject()));
            } else {
                rejected.add(new IngestResult.Rejected(i, errors.list()));
            }
        }
        if (!events.isEmpty()) {
            publisher.publish(Topics.SHIPMENT_LIFECYCLE, events);
        }
        return new IngestResult(accepted, rejected);
    }

    private CloudEvent toEvent(MilestoneUpdate update, String source, String recordedBy, FieldErrors errors) {
        if (update == null) {
            errors.add("", "an event object is required");
            return null;
        }
        errors.check(TrackingNumbers.isValid(update.trackingNumber()), "trackingNumber",
                "not a valid tracking number (two letters, nine digits with a correct check digit, two letters)");
        EventType type = EventType.fromTypeName(update.type()).filter(INGESTIBLE::contains).orElse(null);
        errors.check(type != null, "type", "must be one of " + INGESTIBLE.stream().map(EventType::typeName).sorted()
                .toList());
        OffsetDateTime occurred = null;
        if (update.occurredAt() == null) {
            errors.add("occurredAt", "required: when it happened, e.g. 2026-11-26T10:15:00+01:00");
        } else {
            try {
                occurred = OffsetDateTime.parse(update.occurredAt());
                errors.check(!clockSkew.isTooFarAhead(occurred.toInstant()), "occurredAt", clockSkew.problem());
            } catch (DateTimeException e) {
                errors.add("occurredAt", "must be an ISO-8601 date-time with offset");
            }
        }
        errors.check(update.id() == null || (!update.id().isBlank() && update.id().length() <= 128), "id",
                "at most 128 characters");
        Location location = location(update.location(), errors);
        LocalDate eta = date(update.estimatedDelivery(), "estimatedDelivery", errors);
        ExceptionReason reason = null;
        if (type == EventType.EXCEPTION_RAISED) {
            reason = Arrays.stream(ExceptionReason.values()).filter(r -> r.name().equals(update.reason()))
                    .findFirst().orElse(null);
            errors.check(reason != null, "reason", "must be one of " + Arrays.toString(ExceptionReason.values()));
        }
        if (!errors.isEmpty()) {
            return null;
        }
        Object data = type == EventType.EXCEPTION_RAISED
                ? new ExceptionRaised(null, reason, ExceptionSource.REPORTED, update.description(),
                        update.carrierStatusCode(), location, eta, update.resolutionSteps())
                : new Milestone(location, update.carrier(), update.carrierStatusCode(), update.description(), eta,
                        type == EventType.DELIVERED ? update.proofOfDeliveryId() : null,
                        type == EventType.DELIVERED ? update.recipientName() : null, recordedBy);
        CloudEvent event = Events.create(type, source, update.trackingNumber(), occurred, data, Map.of());
        return update.id() == null ? event : new CloudEvent(update.id(), event.source(), event.type(),
                event.subject(), event.time(), event.dataschema(), event.data(), event.extensions());
    }

    private static Location location(MilestoneUpdate.LocationDto dto, FieldErrors errors) {
        if (dto == null) {
            return null;
        }
        errors.check(dto.country() == null || COUNTRIES.contains(dto.country()), "location.country",
                "must be an ISO 3166-1 alpha-2 country code");
        errors.check(dto.latitude() == null || (dto.latitude() >= -90 && dto.latitude() <= 90), "location.latitude",
                "must be between -90 and 90");
        errors.check(dto.longitude() == null || (dto.longitude() >= -180 && dto.longitude() <= 180),
                "location.longitude", "must be between -180 and 180");
        errors.check((dto.latitude() == null) == (dto.longitude() == null), "location",
                "latitude and longitude come together");
        errors.check(dto.facility() == null || dto.facility().length() <= 200, "location.facility",
                "at most 200 characters");
        errors.check(dto.city() == null || dto.city().length() <= 200, "location.city", "at most 200 characters");
        return new Location(dto.facility(), dto.city(), dto.country(), dto.latitude(), dto.longitude());
    }

    private static LocalDate date(String value, String field, FieldErrors errors) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeException e) {
            errors.add(field, "must be an ISO date, e.g. 2026-12-01");
            return null;
        }
    }

}
