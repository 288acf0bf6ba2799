package io.trackline.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An exception on an order's shipment; open until an ExceptionResolved names the event that raised it. */
@Entity
@Table(name = "order_exception")
public class OrderException extends PanacheEntityBase {

    @Id
    @Column(name = "raised_event_id")
    public String raisedEventId;
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    public String reason;
    @Column(name = "raised_at")
    public Instant raisedAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;

    public static boolean anyOpen(String trackingNumber) {
        return count("trackingNumber = ?1 and resolvedAt is null", trackingNumber) > 0;
    }
}
