package io.trackline.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/** One append-only audit entry. Never updated; deleted only by retention, a whole month at a time. */
@Entity
@Table(name = "audit_record")
public class AuditRecord extends PanacheEntityBase {

    public enum Kind { LIFECYCLE, COMMUNICATION, DEAD_LETTER }

    /** Unique on its own (one sequence); the table's primary key adds recorded_at for partitioning. */
    @Id
    @SequenceGenerator(name = "audit_record_id", sequenceName = "audit_record_id_seq", allocationSize = 1)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_record_id")
    public Long id;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    @Column(name = "event_id")
    public String eventId;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Kind kind;
    public String type;
    @Column(name = "tracking_number")
    public String trackingNumber;
    @Column(name = "order_id")
    public String orderId;
    public String source;
    @Column(name = "event_time")
    public Instant eventTime;
    @Column(name = "kafka_topic")
    public String kafkaTopic;
    @Column(name = "kafka_partition")
    public int kafkaPartition;
    @Column(name = "kafka_offset")
    public long kafkaOffset;
    public String reason;
    public String payload;
}
