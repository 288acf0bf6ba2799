package io.trackline.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.trackline.events.Event;
import io.trackline.events.EventType;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.notification.matrix.Channel;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What notification-service knows of one shipment, by occurrence time: one shipment's events come from several
 * producers and arrive in any order. Every event is recorded here when it arrives; a customer message is then sent
 * only while it is still true ({@link #staleReason}), so a late event never tells the customer something the shipment
 * is already past.
 */
@Entity
@Table(name = "shipment_state")
public class ShipmentState extends PanacheEntityBase {

    public static final String DELIVERED_ALREADY = "the parcel was delivered already";
    public static final String ANNOUNCED_ALREADY = "the delivery was announced already";
    public static final String RESOLVED_ALREADY = "the exception was resolved already";
    public static final String FEEDBACK_GIVEN = "the customer already gave feedback";
    public static final String OVERTAKEN_BY = "overtaken by ";
    public static final String DAY_PASSED = "it says \"today\" and that day has passed";

    @Id
    @Column(name = "tracking_number")
    public String trackingNumber;

    @Enumerated(EnumType.STRING)
    @Column(name = "latest_milestone")
    public EventType latestMilestone;

    @Column(name = "latest_milestone_at")
    public Instant latestMilestoneAt;

    /** The earliest Delivered: the parcel is with the customer from then on. */
    @Column(name = "delivered_at")
    public Instant deliveredAt;

    /** The one Delivered event whose messages go to the customer (a proof of delivery is a second Delivered). */
    @Column(name = "delivery_announced_by")
    public String deliveryAnnouncedBy;

    @Column(name = "feedback_received")
    public boolean feedbackReceived;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "resolved_exceptions")
    public List<String> resolvedExceptions = new ArrayList<>();

    @Column(name = "updated_at")
    public Instant updatedAt;

    public static ShipmentState create(String trackingNumber, Instant now) {
        ShipmentState state = new ShipmentState();
        state.trackingNumber = trackingNumber;
        state.updatedAt = now;
        state.persist();
        return state;
    }

    /** The states of these tracking numbers, locked, with one query: every number is a key, null where none. */
    public static Map<String, ShipmentState> byTrackingNumber(Collection<String> trackingNumbers) {
        Map<String, ShipmentState> states = new HashMap<>();
        trackingNumbers.forEach(tn -> states.put(tn, null));
        if (!states.isEmpty()) {
            ShipmentState.<ShipmentState>find("trackingNumber in ?1", states.keySet())
                    .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                    .forEach(state -> states.put(state.trackingNumber, state));
        }
        return states;
    }

    public static ShipmentState locked(String trackingNumber) {
        return ShipmentState.findById(trackingNumber, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Takes in what the event says about the shipment; the order of arrival makes no difference to the result. */
    public void record(Event<?> event, Instant now) {
        EventType type = event.type();
        Instant at = occurredAt(event, now);
        if (type.isMilestone() && (latestMilestoneAt == null || at.isAfter(latestMilestoneAt)
                || at.equals(latestMilestoneAt) && stage(type) > stage(latestMilestone))) {
            latestMilestone = type;
            latestMilestoneAt = at;
        }
        if (type == EventType.DELIVERED && (deliveredAt == null || at.isBefore(deliveredAt))) {
            deliveredAt = at;
        }
        if (event.data() instanceof ExceptionResolved resolved) {
            String raised = resolved.raisedEventId();
            if (raised != null && !resolvedExceptions.contains(raised)) {
                resolvedExceptions = new ArrayList<>(resolvedExceptions); // a new list: Hibernate sees the change
                resolvedExceptions.add(raised);
            }
        }
        if (type == EventType.FEEDBACK_RECEIVED) {
            feedbackReceived = true;
        }
        updatedAt = now;
    }

    /**
     * The Delivered event whose customer messages go out: the first one planned. True when that is this event.
     * The carrier's scan and the proof of delivery are both Delivered; the customer hears of the delivery once.
     */
    public boolean announceDelivery(Event<?> delivered) {
        if (deliveryAnnouncedBy == null) {
            deliveryAnnouncedBy = delivered.id();
        }
        return deliveryAnnouncedBy.equals(delivered.id());
    }

    /** True when the parcel was delivered at or before {@code at}: an exception then is a report after delivery. */
    public boolean deliveredBy(Instant at) {
        return deliveredAt != null && !deliveredAt.isAfter(at);
    }

    /**
     * Why a customer message about this event on this channel would no longer be true, or empty when it still is:
     * <ul>
     * <li>a milestone before delivery (dispatched, in transit, out for delivery "today") once the parcel is
     * delivered, or once a further milestone happened later;</li>
     * <li>a Delivered other than the one announced;</li>
     * <li>an exception resolved already, or older than the latest milestone (the shipment moved on); after delivery
     * (e.g. a damage report) no delay email or SMS, but the call task stays;</li>
     * <li>a new delivery date (EtaUpdated) once delivered;</li>
     * <li>the feedback request once the customer gave feedback.</li>
     * </ul>
     * The order confirmation is always true.
     */
    public Optional<String> staleReason(Event<?> event, Channel channel, boolean feedbackRequest, Instant now) {
        EventType type = event.type();
        Instant at = occurredAt(event, now);
        if (feedbackRequest) {
            return feedbackReceived ? Optional.of(FEEDBACK_GIVEN) : Optional.empty();
        }
        return switch (type) {
            case DISPATCHED, IN_TRANSIT, OUT_FOR_DELIVERY -> deliveredAt != null ? Optional.of(DELIVERED_ALREADY)
                    : overtaken(at, stage(type));
            case DELIVERED -> event.id().equals(deliveryAnnouncedBy) ? Optional.empty()
                    : Optional.of(ANNOUNCED_ALREADY);
            case EXCEPTION_RAISED -> {
                if (resolvedExceptions.contains(event.id())) {
                    yield Optional.of(RESOLVED_ALREADY);
                }
                if (deliveredBy(at)) {
                    yield channel == Channel.PHONE ? Optional.empty() : Optional.of(DELIVERED_ALREADY);
                }
                yield overtaken(at, 0);
            }
            case ETA_UPDATED -> deliveredAt != null ? Optional.of(DELIVERED_ALREADY) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /**
     * Why a customer email or SMS planned earlier is no longer true now that it is about to go out (after a long
     * provider outage and its retries), or empty when it still is: a message about the way to the customer once the
     * parcel is delivered; "will be delivered today" once that day has passed in the customer's time zone (the day
     * the message was planned); the feedback request once the customer gave feedback.
     */
    public Optional<String> staleAtSend(Notification n, ZoneId customerZone, Instant now) {
        if (!n.isCustomerMessage()) {
            return Optional.empty();
        }
        if (Notification.PURPOSE_FEEDBACK_REQUEST.equals(n.purpose)) {
            return feedbackReceived ? Optional.of(FEEDBACK_GIVEN) : Optional.empty();
        }
        EventType type = EventType.fromTypeName(n.eventType).orElse(null);
        if (type == null) {
            return Optional.empty();
        }
        return switch (type) {
            case DISPATCHED, IN_TRANSIT, OUT_FOR_DELIVERY, EXCEPTION_RAISED, ETA_UPDATED -> {
                if (deliveredAt != null) {
                    yield Optional.of(DELIVERED_ALREADY);
                }
                if (type == EventType.OUT_FOR_DELIVERY && n.createdAt != null
                        && LocalDate.ofInstant(n.createdAt, customerZone).isBefore(LocalDate.ofInstant(now, customerZone))) {
                    yield Optional.of(DAY_PASSED);
                }
                yield Optional.empty();
            }
            default -> Optional.empty();
        };
    }

    /** A later milestone of a further stage than {@code stage} happened after {@code at}. */
    private Optional<String> overtaken(Instant at, int stage) {
        if (latestMilestone != null && latestMilestoneAt.isAfter(at) && stage(latestMilestone) > stage) {
            return Optional.of(OVERTAKEN_BY + latestMilestone.typeName() + " at " + latestMilestoneAt);
        }
        return Optional.empty();
    }

    /** How far a milestone takes the shipment: dispatched and in transit both mean "on its way". */
    private static int stage(EventType milestone) {
        return switch (milestone) {
            case DISPATCHED, IN_TRANSIT -> 1;
            case OUT_FOR_DELIVERY -> 2;
            case DELIVERED -> 3;
            default -> 0;
        };
    }

    public static Instant occurredAt(Event<?> event, Instant now) {
        return event.time() == null ? now : event.time().toInstant();
    }
}
