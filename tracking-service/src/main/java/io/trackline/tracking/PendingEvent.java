package io.trackline.tracking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** An event for a tracking number not known yet, waiting for its OrderConfirmed during a grace period. */
@Entity
@Table(name = "pending_event")
public class PendingEvent extends PanacheEntityBase {

    /** {@code CloudEvent.key()}: ids are unique per source only. */
    @Id
    @Column(name = "event_key")
    public String eventKey;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "tracking_number")
    public String trackingNumber;
    public String payload;
    @Column(name = "received_at")
    public Instant receivedAt;

    /** The events waiting for any of these tracking numbers, oldest first. */
    public static List<PendingEvent> forShipments(Collection<String> trackingNumbers) {
        return list("trackingNumber in ?1 order by receivedAt", trackingNumbers);
    }
}
