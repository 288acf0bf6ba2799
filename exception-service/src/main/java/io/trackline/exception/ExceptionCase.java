package io.trackline.exception;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** An exception or delay on a shipment, from its opening to its resolution. */
@Entity
@Table(name = "exception_case")
public class ExceptionCase extends PanacheEntityBase {

    public enum Status { OPEN, ACKNOWLEDGED, RESOLVED }

    /** The detection rules; null for reported cases. */
    public enum Rule {
        NO_SCAN, ETA_PASSED, NOT_DELIVERED_END_OF_DAY, NOT_DISPATCHED;

        /**
         * Whether the shipment's status, after a milestone that happened before the detection but reached us after
         * it, shows the delay is over: the rule fired on what was known then. A late, older scan does not undo a
         * missing scan: that rule is settled by time only.
         */
        public boolean settledBy(String status) {
            if (ShipmentWatch.CANCELLED.equals(status) || ShipmentWatch.CLOSED.equals(status)) {
                return true;
            }
            return switch (this) {
                case NO_SCAN -> false;
                case NOT_DISPATCHED -> !ShipmentWatch.CONFIRMED.equals(status);
                case ETA_PASSED, NOT_DELIVERED_END_OF_DAY -> ShipmentWatch.DELIVERED.equals(status);
            };
        }
    }

    @Id
    public UUID id;
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    @Column(name = "order_id")
    public String orderId;
    public String reason;
    public String source;
    @Enumerated(EnumType.STRING)
    public Rule rule;
    @Column(name = "raised_event_id")
    public String raisedEventId;
    public String description;
    @Column(name = "carrier_code")
    public String carrierCode;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;
    @Column(name = "acknowledged_by")
    public String acknowledgedBy;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    @Column(name = "resolved_by")
    public String resolvedBy;
    public String resolution;
    @Column(name = "resolution_note")
    public String resolutionNote;
    @Column(name = "revised_eta")
    public LocalDate revisedEta;
    /** JSON array of the customer's resolution steps. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "resolution_steps")
    public String resolutionSteps;
    @Column(name = "escalation_level")
    public int escalationLevel;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean isOpen() {
        return status != Status.RESOLVED;
    }

    /** The case {@code eventId} raised; ids are unique per source only, so it is looked up within its shipment. */
    public static Optional<ExceptionCase> byRaisedEvent(String trackingNumber, String eventId) {
        return find("trackingNumber = ?1 and raisedEventId = ?2", trackingNumber, eventId).firstResultOptional();
    }

    public static List<ExceptionCase> openFor(String trackingNumber) {
        return list("trackingNumber = ?1 and status <> ?2 order by openedAt", trackingNumber, Status.RESOLVED);
    }

    public static boolean openWithRule(String trackingNumber, Rule rule) {
        return count("trackingNumber = ?1 and rule = ?2 and status <> ?3", trackingNumber, rule, Status.RESOLVED) > 0;
    }

    public static long countFor(String trackingNumber) {
        return count("trackingNumber", trackingNumber);
    }

    /** The playbook's steps for the customer, as stored with the case (none when unreadable). */
    public java.util.List<String> steps() {
        if (resolutionSteps == null) {
            return java.util.List.of();
        }
        try {
            return io.trackline.events.EventCodec.mapper().readValue(resolutionSteps, STEPS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return java.util.List.of();
        }
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<java.util.List<String>> STEPS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };
}
