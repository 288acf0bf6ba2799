package io.trackline.tracking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** One estimated delivery date a shipment had, and the event that set it. */
@Entity
@Table(name = "shipment_eta")
public class ShipmentEta extends PanacheEntityBase {

    /** From the column's sequence, 50 at a time (V2), so that the rows go to the database in JDBC batches. */
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "shipment_eta_id")
    @SequenceGenerator(name = "shipment_eta_id", sequenceName = "shipment_eta_id_seq", allocationSize = 50)
    public Long id;
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    @Column(name = "estimated_delivery")
    public LocalDate estimatedDelivery;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "event_type")
    public String eventType;
    @Column(name = "changed_at")
    public Instant changedAt;

    public static List<ShipmentEta> history(String trackingNumber) {
        return list("trackingNumber = ?1 order by changedAt, id", trackingNumber);
    }
}
