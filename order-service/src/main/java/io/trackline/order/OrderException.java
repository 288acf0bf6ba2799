package io.trackline.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * An exception on an order's shipment; open until an ExceptionResolved names the event that raised it. A
 * resolution that arrives before its exception is kept (with no {@code raisedAt} yet), so the exception is born
 * resolved.
 */
@Entity
@Table(name = "order_exception")
@IdClass(OrderException.Key.class)
public class OrderException extends PanacheEntityBase {

    /** Ids are unique per source only, so an exception is named within its shipment. */
    @Id
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    @Id
    @Column(name = "raised_event_id")
    public String raisedEventId;
    public String reason;
    @Column(name = "raised_at")
    public Instant raisedAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;

    /** The exception raised by event {@code raisedEventId}, new (and persisted) if neither end of it was seen. */
    public static OrderException named(String raisedEventId, String trackingNumber) {
        OrderException exception = find("trackingNumber = ?1 and raisedEventId = ?2", trackingNumber, raisedEventId)
                .firstResult();
        if (exception == null) {
            exception = new OrderException();
            exception.raisedEventId = raisedEventId;
            exception.trackingNumber = trackingNumber;
            exception.persist();
        }
        return exception;
    }

    public void raised(String reason, Instant at) {
        this.reason = reason;
        this.raisedAt = at;
    }

    /** Resolved at the resolution's occurrence time, whichever of the two events came first. */
    public void resolved(Instant at) {
        if (resolvedAt == null) {
            resolvedAt = at;
        }
    }

    /** The primary key: the shipment and the id of the event that raised the exception. */
    public static class Key implements Serializable {
        public String trackingNumber;
        public String raisedEventId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(trackingNumber, key.trackingNumber)
                    && Objects.equals(raisedEventId, key.raisedEventId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(trackingNumber, raisedEventId);
        }
    }

    public static boolean anyOpen(String trackingNumber) {
        return count("trackingNumber = ?1 and resolvedAt is null", trackingNumber) > 0;
    }
}
