package io.trackline.audit.chain;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * The outcome of recomputing the chains of the months a time window touches (whole months: each chain is
 * checked from its first link). {@code firstBrokenLink} is null when every chain is intact.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerifyReport(Instant from, Instant to, boolean intact, int chainsChecked, long recordsChecked,
        BrokenLink firstBrokenLink) {

    /**
     * Where a chain first fails. {@code problem}: CONTENT_CHANGED (the record's fields no longer give its hash),
     * LINK_BROKEN (its previous-hash does not match the record before it), SEQUENCE_GAP (records missing or
     * inserted before it), HEAD_MISMATCH / HEAD_MISSING (records missing at the end of the chain, or its head
     * changed), PARTITION_MISSING (a month's records are gone other than by retention). {@code expected} is what
     * the chain requires, {@code stored} what the database holds.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BrokenLink(String chain, String partition, Long id, Long chainSeq, Instant recordedAt,
            String problem, String detail, String expected, String stored) {
    }
}
