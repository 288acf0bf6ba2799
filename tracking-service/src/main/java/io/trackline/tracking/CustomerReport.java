package io.trackline.tracking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A problem a customer reported from the tracking page. */
@Entity
@Table(name = "customer_report")
public class CustomerReport extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    public String kind;
    public String text;
    @Column(name = "created_at")
    public Instant createdAt;

    public static long since(String trackingNumber, Instant since) {
        return count("trackingNumber = ?1 and createdAt >= ?2", trackingNumber, since);
    }
}
