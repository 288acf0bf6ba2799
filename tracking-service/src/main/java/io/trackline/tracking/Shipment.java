package io.trackline.tracking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

@Entity
@Table(name = "shipment")
public class Shipment extends PanacheEntityBase {

    @Id
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    @Column(name = "order_id")
    public String orderId;
    @Column(name = "service_level")
    public String serviceLevel;
    @Enumerated(EnumType.STRING)
    public ShipmentStatus status;
    @Column(name = "status_at")
    public Instant statusAt;
    @Column(name = "estimated_delivery")
    public LocalDate estimatedDelivery;
    @Column(name = "promised_delivery")
    public LocalDate promisedDelivery;
    @Column(name = "destination_city")
    public String destinationCity;
    @Column(name = "destination_country", columnDefinition = "bpchar")
    public String destinationCountry;
    @Column(name = "customer_language")
    public String customerLanguage;
    @Column(name = "customer_time_zone")
    public String customerTimeZone;
    @Column(name = "last_location")
    public String lastLocation;
    @Column(name = "open_exception_reason")
    public String openExceptionReason;
    @Column(name = "open_exception_since")
    public Instant openExceptionSince;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<Shipment> find(String trackingNumber) {
        return findByIdOptional(trackingNumber);
    }
}
