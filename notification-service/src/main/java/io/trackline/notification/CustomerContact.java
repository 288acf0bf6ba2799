package io.trackline.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.trackline.events.data.OrderConfirmed;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

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

    /** When the event that gave {@link #estimatedDelivery} happened. */
    @Column(name = "estimate_at")
    public Instant estimateAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** A shipment's first contact, from its order; persisted. */
    public static CustomerContact first(String trackingNumber, OrderConfirmed order, Instant occurredAt, Instant now) {
        CustomerContact contact = new CustomerContact();
        contact.trackingNumber = trackingNumber;
        contact.takeOrder(order, occurredAt, now);
        contact.persist(); // after the fields: Hibernate takes the insert's values at persist()
        return contact;
    }

    /** The order brings the customer, the tracking link and the promised date. */
    public void takeOrder(OrderConfirmed order, Instant occurredAt, Instant now) {
        orderId = order.orderId();
        name = order.customer().name();
        email = order.customer().email();
        phone = order.customer().phone();
        language = order.customer().language();
        timeZone = order.customer().timeZone();
        trackingUrl = order.trackingUrl();
        estimate(order.estimatedDelivery(), occurredAt);
        updatedAt = now;
    }

    /** Takes an estimate unless a newer one (by occurrence time) is known: events arrive in any order. */
    public void estimate(LocalDate estimate, Instant occurredAt) {
        if (estimate != null && (estimateAt == null || !occurredAt.isBefore(estimateAt))) {
            estimatedDelivery = estimate;
            estimateAt = occurredAt;
        }
    }

    /** The contacts of these tracking numbers, with one query: every number is a key, null where none is known. */
    public static Map<String, CustomerContact> byTrackingNumber(Collection<String> trackingNumbers) {
        Map<String, CustomerContact> contacts = new HashMap<>();
        trackingNumbers.forEach(tn -> contacts.put(tn, null));
        if (!contacts.isEmpty()) {
            CustomerContact.<CustomerContact>list("trackingNumber in ?1", contacts.keySet())
                    .forEach(contact -> contacts.put(contact.trackingNumber, contact));
        }
        return contacts;
    }

    /** The customer's time zone, or {@code fallback} when none or an unknown one was given. */
    public java.time.ZoneId zone(java.time.ZoneId fallback) {
        try {
            return timeZone == null || timeZone.isBlank() ? fallback : java.time.ZoneId.of(timeZone);
        } catch (java.time.DateTimeException e) {
            return fallback;
        }
    }
}
