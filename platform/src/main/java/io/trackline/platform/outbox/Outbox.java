package io.trackline.platform.outbox;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.UUID;

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
        OutboxEntry entry = new OutboxEntry();
        entry.id = UUID.fromString(event.id());
        entry.aggregateType = aggregateType;
        entry.aggregateId = event.subject();
        entry.type = event.type();
        entry.timestamp = event.time().toInstant();
        entry.payload = EventCodec.toJson(event);
        entry.topic = topic;
        entityManager.persist(entry);
    }
}
