package io.trackline.tracking;

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
import java.util.Optional;
import java.util.UUID;

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
    /** Occurrence time of the event that gave the ETA: an older estimate arriving later does not replace it. */
    @Column(name = "estimated_delivery_at")
    public Instant estimatedDeliveryAt;
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
    @Column(name = "last_location_at")
    public Instant lastLocationAt;
    @Column(name = "open_exception_event_id")
    public String openExceptionEventId;
    @Column(name = "open_exception_reason")
    public String openExceptionReason;
    @Column(name = "open_exception_description")
    public String openExceptionDescription;
    /** JSON array of the resolution steps. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "open_exception_steps")
    public String openExceptionSteps;
    @Column(name = "open_exception_since")
    public Instant openExceptionSince;
    @Column(name = "proof_of_delivery_id")
    public UUID proofOfDeliveryId;
    @Column(name = "recipient_name")
    public String recipientName;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<Shipment> find(String trackingNumber) {
        return findByIdOptional(trackingNumber);
    }

    public void clearException() {
        openExceptionEventId = null;
        openExceptionReason = null;
        openExceptionDescription = null;
        openExceptionSteps = null;
        openExceptionSince = null;
    }
}
