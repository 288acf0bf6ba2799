package io.trackline.tracking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The customer's feedback on a delivery; one per shipment. */
@Entity
@Table(name = "customer_feedback")
public class CustomerFeedback extends PanacheEntityBase {

    @Id
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    public int rating;
    public String comment;
    @Column(name = "received_in_good_order")
    public boolean receivedInGoodOrder;
    @Column(name = "created_at")
    public Instant createdAt;
}
