package io.trackline.platform.startup;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventValidator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmFactoryFactory;

import java.util.UUID;

/**
 * Does at start-up, before the service reports ready, the one-time initialisations that would otherwise fall on
 * the first events and requests. Measured on a 2-core machine running the whole stack (docs/performance.md, "cold
 * start"): the first batch of events took seconds longer than the next ones, and the first authenticated request
 * blocked an event loop for two seconds.
 */
@ApplicationScoped
public class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class);

    /** An incomplete event: its validation still loads every schema and the format checks (e-mail, URI, time). */
    private static final String SAMPLE = """
            {"specversion": "1.0", "id": "warm-up", "source": "/trackline/warm-up", "type": "OrderConfirmed",
             "subject": "TL000000000NL", "time": "2026-01-01T00:00:00Z", "datacontenttype": "application/json",
             "data": {"customer": {"email": "warm-up@trackline.io"}, "trackingUrl": "https://trackline.io/t"}}""";

    @Inject
    EntityManager entityManager;

    void onStart(@Observes StartupEvent start) {
        long began = System.nanoTime();
        EventValidator.instance().problems(EventCodec.fromJson(SAMPLE));
        // jose4j probes every JCA algorithm the first time a token is checked
        AlgorithmFactoryFactory.getInstance();
        // Hibernate builds its HQL parser for the first query: parse one, without running it
        QuarkusTransaction.requiringNew().run(() -> entityManager.createQuery(
                "select o.id from OutboxEntry o where o.topic = :topic", UUID.class));
        LOG.infof("warmed up in %d ms", (System.nanoTime() - began) / 1_000_000);
    }
}
