package io.trackline.systemtests.checker;

import io.trackline.systemtests.checker.Observed.DeadLetter;
import io.trackline.systemtests.checker.Observed.Notification;
import io.trackline.systemtests.checker.Observed.Shipment;
import io.trackline.systemtests.checker.StatusSampler.Regression;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares what went into a run with what came out, once the system has settled: nothing lost, nothing sent twice,
 * every message the communication matrix and the customer's preferences call for either at the provider or skipped
 * with a reason, nothing stale sent, no status moving back, one audit record per event, every dead letter with its
 * reason. Use {@link #awaitAndCheck} after a run, or {@link #evaluate} on what was read.
 */
public final class RunChecker {

    /** notification-service's {@code max-unconfirmed-attempts}: how often one email may reach the server at most. */
    public static final int MAX_RECEIPTS_OF_ONE_EMAIL = 3;
    private static final Duration POLL = Duration.ofSeconds(3);
    private static final Duration QUIET = Duration.ofSeconds(5);

    private final Endpoints endpoints;
    private final CommunicationMatrix matrix;

    public RunChecker(Endpoints endpoints, CommunicationMatrix matrix) {
        this.endpoints = endpoints;
        this.matrix = matrix;
    }

    /**
     * Waits (at most {@code settleWithin}) until every event of the run is in tracking and audit, every expected
     * message is planned and no notification is pending or being sent, waits a little longer for late duplicates,
     * and reports. A run that does not settle in time is reported as it stands (its gaps count).
     */
    public RunReport awaitAndCheck(RunInput input, List<Regression> regressions, int statusSamples, Instant started,
            Duration settleWithin) {
        Set<String> tns = input.recipients().stream().map(Recipient::trackingNumber).collect(Collectors.toSet());
        input.poison().forEach(p -> tns.add(p.key()));
        Set<String> emails = input.recipients().stream().map(Recipient::email).collect(Collectors.toSet());
        Set<String> phones = input.recipients().stream().map(Recipient::phone).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        long deadline = System.nanoTime() + settleWithin.toNanos();
        Observed observed = Observed.read(endpoints, tns, emails, phones);
        String unsettled = unsettled(input, observed);
        while (unsettled != null && System.nanoTime() < deadline) {
            sleep(POLL);
            observed = Observed.read(endpoints, tns, emails, phones);
            unsettled = unsettled(input, observed);
        }
        List<String> notes = new ArrayList<>();
        if (unsettled != null) {
            notes.add("not settled within " + settleWithin + ": " + unsettled);
        } else {
            sleep(QUIET);
            observed = Observed.read(endpoints, tns, emails, phones);
        }
        long seconds = Duration.between(started, Instant.now()).toSeconds();
        RunReport report = evaluate(input, observed, matrix, regressions, statusSamples, seconds);
        if (notes.isEmpty()) {
            return report;
        }
        notes.addAll(report.findings());
        return report.withFindings(notes);
    }

    /** Why the run has not settled yet, or null once it has. */
    private String unsettled(RunInput input, Observed observed) {
        Map<String, Long> audit = lifecycleAuditCounts(observed);
        long pending = observed.notifications().stream().filter(n -> !n.settled()).count();
        if (pending > 0) {
            return pending + " notifications pending or being sent";
        }
        Map<String, PublishedEvent> events = resolve(input.events(), observed, new Findings());
        for (PublishedEvent e : events.values()) {
            Shipment s = observed.shipments().get(e.trackingNumber());
            if (s == null || !s.timelineEventIds().contains(e.id())) {
                return "event " + e.id() + " (" + e.type() + ", " + e.trackingNumber() + ") not in tracking yet";
            }
            if (!audit.containsKey(e.id())) {
                return "event " + e.id() + " (" + e.type() + ", " + e.trackingNumber() + ") not in audit yet";
            }
        }
        for (PoisonRecord p : input.poison()) {
            if (!deadLettered(p, observed)) {
                return "poison record " + p.kind() + " (" + p.key() + ") not dead-lettered yet";
            }
        }
        Set<String> planned = observed.notifications().stream().map(Notification::eventId)
                .collect(Collectors.toSet());
        for (Expected w : Expected.messages(input, events, matrix)) {
            if (!planned.contains(w.event().id())) {
                return "no notification planned yet for " + w.event().type() + " " + w.event().id() + " of "
                        + w.event().trackingNumber();
            }
        }
        return null;
    }

    /** The report on what was read: pure, so it can be tested on made-up observations. */
    public static RunReport evaluate(RunInput input, Observed o, CommunicationMatrix matrix,
            List<Regression> regressions, int statusSamples, long seconds) {
        Findings findings = new Findings();
        Map<String, Recipient> recipients = input.recipients().stream()
                .collect(Collectors.toMap(Recipient::trackingNumber, Function.identity(), (a, b) -> a));
        Map<String, PublishedEvent> events = resolve(input.events(), o, findings);
        int lost = 0;
        for (PublishedEvent e : input.events()) {
            if (e.id() == null && events.values().stream().noneMatch(r -> r.trackingNumber().equals(e.trackingNumber())
                    && r.type().equals(e.type()))) {
                lost++;
                findings.note("lost: %s of %s from %s (recorded nowhere)", e.type(), e.trackingNumber(), e.origin());
            }
        }

        Map<String, Long> audit = lifecycleAuditCounts(o);
        Set<String> notified = o.notifications().stream().map(Notification::eventId).collect(Collectors.toSet());
        Map<String, DeadLetter> deadLettered = new HashMap<>();
        o.deadLetters().stream().filter(d -> d.eventId() != null).forEach(d -> deadLettered.putIfAbsent(d.eventId(), d));
        int trackingGaps = 0;
        int auditMissing = 0;
        int auditDoubled = 0;
        int validDeadLettered = 0;
        for (PublishedEvent e : events.values()) {
            Shipment s = o.shipments().get(e.trackingNumber());
            boolean inTracking = s != null && s.timelineEventIds().contains(e.id());
            long inAudit = audit.getOrDefault(e.id(), 0L);
            if (!inTracking && inAudit == 0 && !notified.contains(e.id()) && !deadLettered.containsKey(e.id())) {
                lost++;
                findings.note("lost: %s %s of %s (%s) has no effect anywhere", e.type(), e.id(), e.trackingNumber(),
                        e.origin());
                continue;
            }
            if (!inTracking) {
                trackingGaps++;
                findings.note("tracking gap: %s %s not in the timeline of %s", e.type(), e.id(), e.trackingNumber());
            }
            if (inAudit == 0) {
                auditMissing++;
                findings.note("audit missing: %s %s of %s", e.type(), e.id(), e.trackingNumber());
            } else if (inAudit > 1) {
                auditDoubled += (int) (inAudit - 1);
                findings.note("audit doubled: %s %s of %s recorded %d times", e.type(), e.id(), e.trackingNumber(),
                        inAudit);
            }
            DeadLetter letter = deadLettered.get(e.id());
            if (letter != null) {
                validDeadLettered++;
                findings.note("valid event dead-lettered: %s %s of %s by %s: %s", e.type(), e.id(),
                        e.trackingNumber(), letter.consumer(), letter.reason());
            }
        }
        trackingGaps += finalStatusGaps(events.values(), o, findings);

        for (PoisonRecord p : input.poison()) {
            if (!deadLettered(p, o)) {
                lost++;
                findings.note("lost: poison record %s (%s) not dead-lettered", p.kind(), p.key());
            }
        }
        int withoutReason = (int) o.deadLetters().stream().filter(d -> d.reason() == null || d.reason().isBlank())
                .peek(d -> findings.note("dead letter without reason: key %s from %s", d.key(), d.consumer()))
                .count();

        MessageReceipts messages = new MessageReceipts(o, findings);
        int expected = 0;
        int skipped = 0;
        int missing = 0;
        for (Expected w : Expected.messages(input, events, matrix)) {
            expected++;
            switch (messages.outcome(w)) {
                case RECEIVED -> { }
                case SKIPPED_WITH_REASON -> skipped++;
                case MISSING -> {
                    missing++;
                    findings.note("missing: %s %s for %s %s of %s (%s)", w.channel(), w.purpose(), w.event().type(),
                            w.event().id(), w.event().trackingNumber(), messages.describe(w));
                }
            }
        }
        int wrong = messages.unattributed() + messages.toOptedOut(recipients) + messages.staleAfterDelivery();

        for (Regression regression : regressions) {
            findings.note("regression: %s went from %s back to %s", regression.trackingNumber(), regression.from(),
                    regression.to());
        }
        return new RunReport(input.fault(), Instant.now().toString(), seconds, input.events().size(),
                input.poison().size(), expected, messages.received(), skipped, lost, messages.duplicates(),
                messages.boundedEmailRepeats(MAX_RECEIPTS_OF_ONE_EMAIL), missing,
                wrong, regressions.size(), statusSamples, trackingGaps, auditMissing, auditDoubled,
                o.deadLetters().size(), validDeadLettered, withoutReason, findings.list());
    }

    /**
     * The run's distinct events by id; an order-API confirmation (no id of our own) under the id tracking or audit
     * recorded for its shipment's {@code OrderConfirmed}.
     */
    static Map<String, PublishedEvent> resolve(Collection<PublishedEvent> published, Observed o, Findings findings) {
        Map<String, PublishedEvent> events = new LinkedHashMap<>();
        for (PublishedEvent e : published) {
            if (e.id() != null) {
                events.putIfAbsent(e.id(), e);
                continue;
            }
            Set<String> ids = new java.util.TreeSet<>();
            Shipment s = o.shipments().get(e.trackingNumber());
            if (s != null) {
                for (int i = 0; i < s.timelineTypes().size(); i++) {
                    if (s.timelineTypes().get(i).equals(e.type())) {
                        ids.add(s.timelineEventIds().get(i));
                    }
                }
            }
            o.auditRecords().stream().filter(r -> "LIFECYCLE".equals(r.kind())
                    && e.trackingNumber().equals(r.trackingNumber()) && e.type().equals(r.type()))
                    .forEach(r -> ids.add(r.eventId()));
            if (ids.size() > 1) {
                findings.note("order API: %d %s events for %s: %s", ids.size(), e.type(), e.trackingNumber(), ids);
            }
            for (String id : ids) {
                events.putIfAbsent(id, new PublishedEvent(id, e.source(), e.type(), e.trackingNumber(),
                        e.occurredAt(), e.origin()));
            }
        }
        return events;
    }

    private static int finalStatusGaps(Collection<PublishedEvent> events, Observed o, Findings findings) {
        Map<String, ShipmentStatus> latest = new HashMap<>();
        for (PublishedEvent e : events) {
            ShipmentStatus status = ShipmentStatus.after(e.type());
            if (status != null) {
                latest.merge(e.trackingNumber(), status, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        int gaps = 0;
        for (Map.Entry<String, ShipmentStatus> e : latest.entrySet()) {
            Shipment s = o.shipments().get(e.getKey());
            String status = s == null ? "unknown" : s.status();
            if (!e.getValue().name().equals(status)) {
                gaps++;
                findings.note("tracking gap: %s is %s, not %s", e.getKey(), status, e.getValue());
            }
        }
        return gaps;
    }

    private static boolean deadLettered(PoisonRecord p, Observed o) {
        return o.deadLetters().stream().anyMatch(d -> p.key().equals(d.key()))
                || o.auditRecords().stream().anyMatch(r -> "DEAD_LETTER".equals(r.kind())
                && p.key().equals(r.trackingNumber()));
    }

    private static Map<String, Long> lifecycleAuditCounts(Observed o) {
        return o.auditRecords().stream().filter(r -> "LIFECYCLE".equals(r.kind()) && r.eventId() != null)
                .collect(Collectors.groupingBy(Observed.AuditRecord::eventId, Collectors.counting()));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
