package io.trackline.loadgen;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventValidator;
import io.trackline.events.TrackingNumbers;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    private final Lifecycle lifecycle = new Lifecycle(42, "http://localhost:8082");

    @Test
    void shouldPublishOnlyEventsTheContractAccepts() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (int step = 0; step < Lifecycle.STEPS.size(); step++) {
            CloudEvent event = lifecycle.event(7, step, now);
            // as a consumer reads it back from the topic
            CloudEvent read = EventCodec.fromJson(EventCodec.toJson(event));
            assertThat(EventValidator.instance().problems(read)).as(read.type()).isEmpty();
            assertThat(read.type()).isEqualTo(Lifecycle.STEPS.get(step).typeName());
            assertThat(read.subject()).isEqualTo(lifecycle.trackingNumber(7));
        }
    }

    @Test
    void shouldGiveEveryShipmentOfARunItsOwnValidTrackingNumber() {
        Set<String> numbers = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String tn = lifecycle.trackingNumber(i);
            assertThat(TrackingNumbers.isValid(tn)).as(tn).isTrue();
            numbers.add(tn);
        }
        assertThat(numbers).hasSize(100_000);
        assertThat(new Lifecycle(43, "http://x").trackingNumber(0)).isNotEqualTo(lifecycle.trackingNumber(0));
        assertThatThrownBy(() -> lifecycle.trackingNumber(1_000_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCountPercentilesByNearestRank() {
        Latencies latencies = new Latencies();
        assertThat(latencies.percentile(99)).isEqualTo(-1);
        for (int i = 100; i >= 1; i--) {
            latencies.add(i);
        }
        assertThat(latencies.percentile(50)).isEqualTo(50);
        assertThat(latencies.percentile(99)).isEqualTo(99);
        assertThat(latencies.percentile(100)).isEqualTo(100);
        assertThat(latencies.count()).isEqualTo(100);
    }
}
