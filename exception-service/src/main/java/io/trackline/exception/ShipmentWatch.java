package io.trackline.exception;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** What this service knows of a shipment, to find delays nobody reported. */
@Entity
@Table(name = "shipment_watch")
public class ShipmentWatch extends PanacheEntityBase {

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
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<ShipmentWatch> find(String trackingNumber) {
        return findByIdOptional(trackingNumber);
    }
}
