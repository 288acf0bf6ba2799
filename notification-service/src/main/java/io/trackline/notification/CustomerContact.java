package io.trackline.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

/** The customer and current promise of one shipment, from OrderConfirmed and kept current by later events. */
@Entity
@Table(name = "customer_contact")
public class CustomerContact extends PanacheEntityBase {

    @Id
    @Column(name = "tracking_number")
    public String trackingNumber;

    @Column(name = "order_id")
    public String orderId;

    public String name;
    public String email;
    public String phone;
    public String language;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "tracking_url")
    public String trackingUrl;

    @Column(name = "estimated_delivery")
    public LocalDate estimatedDelivery;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
