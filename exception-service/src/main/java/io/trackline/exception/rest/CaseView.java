package io.trackline.exception.rest;

import io.trackline.events.data.ExceptionReason;
import io.trackline.exception.CaseHistory;
import io.trackline.exception.ExceptionCase;
import io.trackline.exception.config.Playbooks;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * An exception case as ops see it: the customer's resolution steps and logistics' steps from the playbook;
 * {@code history} only on the single-case view.
 */
public record CaseView(
        UUID id,
        String trackingNumber,
        String orderId,
        String reason,
        String source,
        String rule,
        String raisedEventId,
        String description,
        String carrierCode,
        String status,
        Instant openedAt,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant resolvedAt,
        String resolvedBy,
        String resolution,
        String resolutionNote,
        LocalDate revisedEstimatedDelivery,
        List<String> resolutionSteps,
        List<String> logisticsSteps,
        int escalationLevel,
        List<Entry> history) {

    public record Entry(String action, String actor, String note, Instant at) {
    }

    public static CaseView of(ExceptionCase c, boolean withHistory, Playbooks playbooks) {
        return new CaseView(c.id, c.trackingNumber, c.orderId, c.reason, c.source,
                c.rule == null ? null : c.rule.name(), c.raisedEventId, c.description, c.carrierCode, c.status.name(),
                c.openedAt, c.acknowledgedAt, c.acknowledgedBy, c.resolvedAt, c.resolvedBy, c.resolution,
                c.resolutionNote, c.revisedEta, c.steps(),
                playbooks.forReason(ExceptionReason.valueOf(c.reason)).logisticsSteps(), c.escalationLevel,
                withHistory ? CaseHistory.of(c.id).stream().map(h -> new Entry(h.action, h.actor, h.note, h.at))
                        .toList() : null);
    }
}
