package io.trackline.platform.outbox;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;

/**
 * Writes events to the {@code outbox} table in the caller's transaction, so that a state change and the event
 * it publishes commit together. {@link OutboxRelay} publishes the rows. Columns follow Debezium's outbox
 * layout so that CDC could take over the relay.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EntityManager entityManager;

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, String aggregateType, CloudEvent event) {
        entityManager.createNativeQuery("""
                INSERT INTO outbox (id, aggregatetype, aggregateid, type, timestamp, payload, topic)
                VALUES (CAST(?1 AS uuid), ?2, ?3, ?4, ?5, ?6, ?7)""")
                .setParameter(1, event.id())
                .setParameter(2, aggregateType)
                .setParameter(3, event.subject())
                .setParameter(4, event.type())
                .setParameter(5, Timestamp.from(event.time().toInstant()))
                .setParameter(6, EventCodec.toJson(event))
                .setParameter(7, topic)
                .executeUpdate();
    }
}
