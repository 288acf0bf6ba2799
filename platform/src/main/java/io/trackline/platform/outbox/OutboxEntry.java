package io.trackline.platform.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of the {@code outbox} table as {@link Outbox} writes it. An entity rather than an SQL statement so that a
 * batch's rows go in JDBC batches at the flush, and so that adding one does not make Hibernate flush the whole
 * session first (as any native statement does). {@code seq} comes from the column's default.
 */
@Entity
@Table(name = "outbox")
public class OutboxEntry {

    @Id
    public UUID id;
    @Column(name = "aggregatetype")
    public String aggregateType;
    @Column(name = "aggregateid")
    public String aggregateId;
    public String type;
    @Column(name = "timestamp")
    public Instant timestamp;
    public String payload;
    public String topic;
}
