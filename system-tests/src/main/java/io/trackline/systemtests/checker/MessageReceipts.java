package io.trackline.systemtests.checker;

import io.trackline.systemtests.checker.Observed.Mail;
import io.trackline.systemtests.checker.Observed.Notification;
import io.trackline.systemtests.checker.Observed.Sms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The providers' receipts matched with notification-service's rows. */
final class MessageReceipts {

    /** What became of an expected message. */
    enum Outcome { RECEIVED, SKIPPED_WITH_REASON, MISSING }

    record Receipt(String notificationId, Channel channel, String to, Instant at) {
    }

    private final Findings findings;
    private final Map<String, Notification> byId = new HashMap<>();
    private final Map<String, List<Receipt>> receipts = new HashMap<>();
    private final List<Receipt> all = new ArrayList<>();

    MessageReceipts(Observed o, Findings findings) {
        this.findings = findings;
        o.notifications().forEach(n -> byId.put(n.id(), n));
        for (Mail m : o.mails()) {
            all.add(new Receipt(m.notificationId(), Channel.EMAIL, String.join(",", m.to()), m.receivedAt()));
        }
        for (Sms s : o.sms()) {
            all.add(new Receipt(s.notificationId(), Channel.SMS, s.to(), s.receivedAt()));
        }
        all.sort(Comparator.comparing(Receipt::at));
        all.stream().filter(r -> r.notificationId() != null)
                .forEach(r -> receipts.computeIfAbsent(r.notificationId(), k -> new ArrayList<>()).add(r));
    }

    int received() {
        return all.size();
    }

    Outcome outcome(Expected w) {
        List<Notification> rows = rows(w);
        if (rows.stream().anyMatch(n -> receipts.containsKey(n.id()))) {
            return Outcome.RECEIVED;
        }
        if (rows.stream().anyMatch(n -> n.status().equals("SKIPPED") && n.detail() != null
                && !n.detail().isBlank())) {
            return Outcome.SKIPPED_WITH_REASON;
        }
        return Outcome.MISSING;
    }

    String describe(Expected w) {
        List<Notification> rows = rows(w);
        return rows.isEmpty() ? "no notification planned" : rows.stream()
                .map(n -> n.status() + (n.detail() == null ? "" : ": " + n.detail()))
                .collect(Collectors.joining("; "));
    }

    private List<Notification> rows(Expected w) {
        return byId.values().stream().filter(n -> w.event().id().equals(n.eventId())
                && w.channel().name().equals(n.channel()) && "CUSTOMER".equals(n.recipientKind())
                && w.purpose().equals(n.purpose())).toList();
    }

    /** The same notification more than once at its provider, and several notifications of one message. */
    int duplicates() {
        int duplicates = 0;
        for (Map.Entry<String, List<Receipt>> e : receipts.entrySet()) {
            if (e.getValue().size() > 1) {
                duplicates += e.getValue().size() - 1;
                Notification n = byId.get(e.getKey());
                findings.note("duplicate: notification %s (%s) received %d times", e.getKey(),
                        n == null ? "?" : n.channel() + " " + n.eventType() + " of " + n.trackingNumber(),
                        e.getValue().size());
            }
        }
        Map<String, List<Notification>> perMessage = byId.values().stream()
                .filter(n -> receipts.containsKey(n.id()))
                .collect(Collectors.groupingBy(n -> n.eventId() + "/" + n.channel() + "/" + n.recipientKind()
                        + "/" + n.purpose(), LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<String, List<Notification>> e : perMessage.entrySet()) {
            if (e.getValue().size() > 1) {
                duplicates += e.getValue().size() - 1;
                findings.note("duplicate: %d notifications received for %s", e.getValue().size(), e.getKey());
            }
        }
        return duplicates;
    }

    /**
     * Of the {@link #duplicates}, the repeats of one email notification (so under one Message-ID) received at most
     * {@code maxReceipts} times: the bounded at-least-once edge of SMTP (a server that took the message and did not
     * answer in time, a sender killed before it recorded the send).
     */
    int boundedEmailRepeats(int maxReceipts) {
        int repeats = 0;
        for (List<Receipt> received : receipts.values()) {
            if (received.size() > 1 && received.size() <= maxReceipts
                    && received.stream().allMatch(r -> r.channel() == Channel.EMAIL)) {
                repeats += received.size() - 1;
            }
        }
        return repeats;
    }

    /** Receipts no notification of the run accounts for. */
    int unattributed() {
        int count = 0;
        for (Receipt r : all) {
            if (r.notificationId() == null || !byId.containsKey(r.notificationId())) {
                count++;
                findings.note("wrong: %s to %s at %s names no known notification (%s)", r.channel(), r.to(),
                        r.at(), r.notificationId());
            }
        }
        return count;
    }

    int toOptedOut(Map<String, Recipient> recipients) {
        int count = 0;
        for (Receipt r : all) {
            Notification n = byId.get(r.notificationId());
            Recipient recipient = n == null ? null : recipients.get(n.trackingNumber());
            if (r.channel() == Channel.SMS && recipient != null && recipient.smsOptOut()) {
                count++;
                findings.note("wrong: SMS for %s of %s to a customer who opted out of SMS", n.eventType(),
                        n.trackingNumber());
            }
        }
        return count;
    }

    /** A {@code Dispatched} or {@code OutForDelivery} message received after that shipment's delivery message. */
    int staleAfterDelivery() {
        int count = 0;
        Map<String, Instant> delivered = new HashMap<>();
        for (Receipt r : all) {
            Notification n = byId.get(r.notificationId());
            if (n == null || !"EVENT".equals(n.purpose())) {
                continue;
            }
            String key = n.trackingNumber() + "/" + r.channel();
            if (n.eventType().equals("Delivered")) {
                delivered.putIfAbsent(key, r.at());
            } else if ((n.eventType().equals("Dispatched") || n.eventType().equals("OutForDelivery"))
                    && delivered.containsKey(key) && r.at().isAfter(delivered.get(key))) {
                count++;
                findings.note("wrong: %s %s of %s received at %s, after its delivery message (%s)", r.channel(),
                        n.eventType(), n.trackingNumber(), r.at(), delivered.get(key));
            }
        }
        return count;
    }
}
