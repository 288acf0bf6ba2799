package io.trackline.exception;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What this service knows of a shipment, to find delays nobody reported. It follows the shipment's events whatever
 * the order they arrive in: the status is that of the latest milestone by occurrence time, the estimate the latest
 * one made.
 */
@Entity
@Table(name = "shipment_watch")
public class ShipmentWatch extends PanacheEntityBase {

    public static final String CONFIRMED = "CONFIRMED";
    public static final String DELIVERED = "DELIVERED";
    public static final String CANCELLED = "CANCELLED";
    public static final String CLOSED = "CLOSED";

    @Id
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    @Column(name = "order_id")
    public String orderId;
    @Column(name = "service_level")
    public String serviceLevel;
    public String status;
    @Column(name = "status_at")
    public Instant statusAt;
    @Column(name = "confirmed_at")
    public Instant confirmedAt;
    @Column(name = "last_scan_at")
    public Instant lastScanAt;
    @Column(name = "out_for_delivery_at")
    public Instant outForDeliveryAt;
    @Column(name = "estimated_delivery")
    public LocalDate estimatedDelivery;
    @Column(name = "promised_delivery")
    public LocalDate promisedDelivery;
    @Column(name = "time_zone")
    public String timeZone;
    /** When the estimate was made: the latest by occurrence time wins, whatever the arrival order. */
    @Column(name = "estimate_at")
    public Instant estimateAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The statuses a shipment moves through, in order: at the same instant the further one wins. */
    private static final List<String> PROGRESS = List.of(CONFIRMED, "DISPATCHED", "IN_TRANSIT", "OUT_FOR_DELIVERY",
            DELIVERED);

    /**
     * A watch made by the first event that arrives for a shipment. Its {@code OrderConfirmed} may come later (the
     * producers publish independently); until then it has no order data and no {@code confirmedAt}.
     */
    public static ShipmentWatch first(String trackingNumber, String status, Instant at, Instant now) {
        ShipmentWatch watch = new ShipmentWatch();
        watch.trackingNumber = trackingNumber;
        watch.status = status;
        watch.statusAt = at;
        watch.updatedAt = now;
        return watch;
    }

    /** The order's data; the status stays what the milestones say, if any came first. */
    public void confirmed(String orderId, String serviceLevel, LocalDate promised, String timeZone, Instant at,
            Instant now) {
        this.orderId = orderId;
        this.serviceLevel = serviceLevel;
        this.promisedDelivery = promised;
        this.timeZone = timeZone;
        this.confirmedAt = at;
        estimate(promised, at);
        updatedAt = now;
    }

    /**
     * A milestone: the status becomes that of the latest milestone by occurrence time, and never moves back; a
     * carrier's scan always moves a shipment that is only confirmed on (the two systems' clocks differ);
     * {@code Delivered} is final, at the time of the first delivery.
     */
    public void milestone(String milestone, Instant occurred, LocalDate carrierEstimate, Instant now) {
        if (lastScanAt == null || occurred.isAfter(lastScanAt)) {
            lastScanAt = occurred;
        }
        if ("OUT_FOR_DELIVERY".equals(milestone) && (outForDeliveryAt == null || occurred.isAfter(outForDeliveryAt))) {
            outForDeliveryAt = occurred;
        }
        if (DELIVERED.equals(status)) {
            if (DELIVERED.equals(milestone) && occurred.isBefore(statusAt)) {
                statusAt = occurred;
            }
        } else if (!hasEnded() && (DELIVERED.equals(milestone) || CONFIRMED.equals(status)
                || occurred.isAfter(statusAt)
                || occurred.equals(statusAt) && PROGRESS.indexOf(milestone) > PROGRESS.indexOf(status))) {
            status = milestone;
            statusAt = occurred;
        }
        estimate(carrierEstimate, occurred);
        updatedAt = now;
    }

    /** The order was cancelled or closed: nothing more to watch. */
    public void ended(String endStatus, Instant at, Instant now) {
        status = endStatus;
        statusAt = at;
        updatedAt = now;
    }

    /** A new estimate made at {@code at}; an older one than the current is history and changes nothing. */
    public void estimate(LocalDate date, Instant at) {
        if (date != null && (estimateAt == null || !at.isBefore(estimateAt))) {
            estimatedDelivery = date;
            estimateAt = at;
        }
    }

    /** Delivered, cancelled or closed. */
    public boolean hasEnded() {
        return DELIVERED.equals(status) || CANCELLED.equals(status) || CLOSED.equals(status);
    }

    /** A milestone (or the order's end) is known that happened at or after {@code at}. */
    public boolean movedOnSince(Instant at) {
        return lastScanAt != null && !lastScanAt.isBefore(at)
                || (CANCELLED.equals(status) || CLOSED.equals(status)) && !statusAt.isBefore(at);
    }

    public static Optional<ShipmentWatch> find(String trackingNumber) {
        return findByIdOptional(trackingNumber);
    }

    /** The customer's time zone, or {@code fallback} when none or an unknown one was given. */
    public java.time.ZoneId zone(java.time.ZoneId fallback) {
        try {
            return timeZone == null ? fallback : java.time.ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            return fallback;
        }
    }
}
