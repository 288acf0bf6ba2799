package io.trackline.tracking;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;

/** One entry of a shipment's timeline. */
@Entity
@Table(name = "shipment_event")
public class ShipmentEvent extends PanacheEntityBase {

    /** {@code CloudEvent.key()}: ids are unique per source only. */
    @Id
    @Column(name = "event_key")
    public String eventKey;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "tracking_number", columnDefinition = "bpchar")
    public String trackingNumber;
    public String type;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    public String source;
    @JdbcTypeCode(SqlTypes.JSON)
    public String data;

    public static List<ShipmentEvent> timeline(String trackingNumber) {
        return list("trackingNumber = ?1 order by occurredAt, recordedAt", trackingNumber);
    }
}
