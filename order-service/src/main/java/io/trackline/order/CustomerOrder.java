package io.trackline.order;

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
@Table(name = "customer_order")
public class CustomerOrder extends PanacheEntityBase {

    public enum Status { CONFIRMED, DELIVERED, CLOSED, CANCELLED }

    @Id
    public UUID id;
    @Column(name = "external_reference")
    public String externalReference;
    @Column(name = "order_source")
    public String orderSource;
    @Column(name = "service_level")
    public String serviceLevel;
    @Enumerated(EnumType.STRING)
    public Status status;
    @Column(name = "customer_name")
    public String customerName;
    @Column(name = "customer_email")
    public String customerEmail;
    @Column(name = "customer_phone")
    public String customerPhone;
    @Column(name = "customer_language")
    public String customerLanguage;
    @Column(name = "customer_time_zone")
    public String customerTimeZone;
    @Column(name = "address_line1")
    public String addressLine1;
    @Column(name = "address_line2")
    public String addressLine2;
    @Column(name = "address_city")
    public String addressCity;
    @Column(name = "address_postal_code")
    public String addressPostalCode;
    @Column(name = "address_country", columnDefinition = "bpchar")
    public String addressCountry;
    /** The order lines as JSON: they are read and written only as a whole. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String items;
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    @Column(name = "estimated_delivery")
    public LocalDate estimatedDelivery;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    @Column(name = "accepted_at")
    public Instant acceptedAt;
    @Column(name = "closed_at")
    public Instant closedAt;
    @Column(name = "close_reason")
    public String closeReason;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Optional<CustomerOrder> findByTrackingNumber(String trackingNumber) {
        return find("trackingNumber", trackingNumber).firstResultOptional();
    }

    public static Optional<CustomerOrder> findByReference(String source, String externalReference) {
        return find("orderSource = ?1 and externalReference = ?2", source, externalReference).firstResultOptional();
    }
}
