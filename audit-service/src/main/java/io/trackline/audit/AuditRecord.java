package io.trackline.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One append-only audit entry, read through this mapping; written only by
 * {@link io.trackline.audit.service.AuditWriter}, which links it into its month's hash chain. Never updated;
 * deleted only by retention, a whole month at a time.
 */
@Entity
@Table(name = "audit_record")
public class AuditRecord extends PanacheEntityBase {

    public enum Kind { LIFECYCLE, COMMUNICATION, DEAD_LETTER }

    /** Unique on its own (one sequence); the table's primary key adds recorded_at for partitioning. */
    @Id
    public Long id;
    @Column(name = "chain_seq")
    public long chainSeq;
    @Column(name = "recorded_at")
    public Instant recordedAt;
    @Column(name = "event_time")
    public Instant eventTime;
    @Column(name = "event_id")
    public String eventId;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    public String type;
    @Column(name = "tracking_number")
    public String trackingNumber;
    @Column(name = "order_id")
    public String orderId;
    public String source;
    @Column(name = "kafka_topic")
    public String kafkaTopic;
    @Column(name = "kafka_partition")
    public int kafkaPartition;
    @Column(name = "kafka_offset")
    public long kafkaOffset;
    public String reason;
    public String headers;
    public String payload;
    @Column(name = "prev_hash")
    public String prevHash;
    public String hash;
}
