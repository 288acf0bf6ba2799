package io.trackline.tracking.page;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The tracking pages open on this replica, by tracking number. Each replica reads the lifecycle topic in a
 * consumer group of its own ({@link LiveUpdateConsumer}), so a page is updated whichever replica projected the
 * event.
 */
@ApplicationScoped
public class LiveUpdates {

    private final Map<String, Watchers> watched = new ConcurrentHashMap<>();

    /** The current view first, then every update, until the page goes away. */
    public Multi<PublicShipment> watch(String trackingNumber, Supplier<PublicShipment> current) {
        Watchers watchers = watched.compute(trackingNumber, (k, w) -> {
            Watchers result = w == null ? new Watchers() : w;
            result.count++;
            return result;
        });
        return Multi.createBy().concatenating()
                .streams(Multi.createFrom().item(current), watchers.processor)
                .onTermination().invoke(() -> watched.computeIfPresent(trackingNumber, (k, w) -> {
                    w.count--;
                    return w.count == 0 ? null : w;
                }));
    }

    public boolean isWatched(String trackingNumber) {
        return trackingNumber != null && watched.containsKey(trackingNumber);
    }

    public void push(PublicShipment view) {
        Watchers watchers = watched.get(view.trackingNumber());
        if (watchers != null) {
            watchers.processor.onNext(view);
        }
    }

    private static final class Watchers {
        final BroadcastProcessor<PublicShipment> processor = BroadcastProcessor.create();
        int count;
    }
}
