package io.trackline.systemtests;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fault catalogue of issue 15 (docs/reliability.md). {@code inSubset}: run by the default build (CI); the rest
 * with {@code -Dtrackline.faults=all} or by name or number, e.g. {@code -Dtrackline.faults=kill-order,7}.
 */
enum Fault {
    KILL_ORDER(1, "kill-order", true, false),
    KILL_TRACKING(2, "kill-tracking", false, false),
    KILL_NOTIFICATION(3, "kill-notification", true, true),
    KILL_EXCEPTION(4, "kill-exception", false, false),
    KILL_AUDIT(5, "kill-audit", false, false),
    KILL_BROKER(6, "kill-broker", true, false),
    DATABASE_CONNECTIONS_TERMINATED(7, "database-connections-terminated", false, false),
    SMTP_DOWN(8, "smtp-down", true, false),
    PROVIDER_OUTAGE_LONG(8, "provider-outage-long", false, false),
    SMTP_SLOW_REPLY(9, "smtp-slow-reply", false, true),
    SMS_500_AND_429(10, "sms-500-and-429", false, false),
    SMS_SLOW_ACCEPT(11, "sms-slow-accept", true, false),
    GRACEFUL_STOP_NOTIFICATION(12, "graceful-stop-notification", false, false),
    REPLICAS_JOIN_AND_LEAVE(13, "replicas-join-and-leave", false, false),
    DUPLICATES_AND_REORDERING(14, "duplicates-and-reordering", true, false),
    POISON_RECORDS(15, "poison-records", true, false);

    final int number;
    final String id;
    final boolean inSubset;
    /**
     * The design lets this fault repeat an email (the same notification, under one Message-ID, at most
     * {@code RunChecker.MAX_RECEIPTS_OF_ONE_EMAIL} times): an SMTP server that took it and answered too late, a
     * sender killed between the server's answer and the recording (docs/architecture.md). Counted, not failed.
     */
    final boolean mayRepeatEmails;

    Fault(int number, String id, boolean inSubset, boolean mayRepeatEmails) {
        this.number = number;
        this.id = id;
        this.inSubset = inSubset;
        this.mayRepeatEmails = mayRepeatEmails;
    }

    /** The burst's own number (1..16): its tracking numbers, emails and phones are no other fault's. */
    int burstNumber() {
        return ordinal() + 1;
    }

    /** The report's name: {@code 06-kill-broker}. */
    String reportName() {
        return String.format("%02d-%s", number, id);
    }

    /** Whether {@code -Dtrackline.faults} ("subset" by default, "all", or names and numbers) selects this fault. */
    boolean selected() {
        String selection = System.getProperty("trackline.faults", "subset").trim().toLowerCase(Locale.ROOT);
        if (selection.equals("all")) {
            return true;
        }
        if (selection.equals("subset") || selection.isEmpty()) {
            return inSubset;
        }
        Set<String> names = Arrays.stream(selection.split(",")).map(String::trim).collect(Collectors.toSet());
        return names.contains(id) || names.contains(String.valueOf(number)) || names.contains(reportName());
    }
}
