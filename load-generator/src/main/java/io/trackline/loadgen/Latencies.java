package io.trackline.loadgen;

import java.util.Arrays;

/** Latency samples in milliseconds, thread-safe; percentiles by the nearest-rank method. */
final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long millis) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = millis;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code p}th percentile (0 < p ≤ 100), or -1 without samples. */
    synchronized long percentile(double p) {
        if (size == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    String summary() {
        return count() == 0 ? "no samples" : "p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (%d samples)".formatted(
                percentile(50), percentile(95), percentile(99), percentile(100), count());
    }
}
