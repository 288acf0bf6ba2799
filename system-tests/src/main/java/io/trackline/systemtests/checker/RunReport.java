package io.trackline.systemtests.checker;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.trackline.events.EventCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one run. Every count but {@code eventsIn}, {@code poisonIn}, {@code messagesExpected},
 * {@code messagesReceived}, {@code skipped} and {@code deadLetters} is a failure: zero is the only pass.
 *
 * @param lost events with no effect anywhere (not in tracking, audit, notification-service or the dead letters),
 *             plus poison records not dead-lettered
 * @param duplicates the same notification twice at a provider, or two notifications for one event, channel, purpose
 * @param boundedEmailRepeats of those, repeats of one email (one Message-ID) at most
 *                            {@link RunChecker#MAX_RECEIPTS_OF_ONE_EMAIL} times: SMTP's documented at-least-once edge
 * @param missing expected messages neither at the provider nor recorded SKIPPED with a reason
 * @param wrong messages that should not have gone out: a stale milestone after {@code Delivered}, an SMS to an
 *              opted-out customer, a message no notification of the run accounts for
 * @param regressions statuses seen moving back while the run went on
 * @param trackingGaps events missing from their shipment's timeline, or a final status not that of the latest milestone
 * @param validDeadLettered valid events of the run that a consumer dead-lettered
 */
public record RunReport(String fault, String finishedAt, long seconds, int eventsIn, int poisonIn,
        int messagesExpected, int messagesReceived, int skipped, int lost, int duplicates, int boundedEmailRepeats, int missing,
        int wrong,
        int regressions, int statusSamples, int trackingGaps, int auditMissing, int auditDoubled, int deadLetters,
        int validDeadLettered, int deadLettersWithoutReason, List<String> findings) {

    public static final String TABLE_HEADER = "| Fault | Events in | Poison in | Messages expected | Received | Skipped "
            + "| Lost | Duplicates | Missing | Wrong | Regressions | Tracking gaps | Audit missing | Audit doubled "
            + "| Valid dead-lettered | Dead letters without reason | Seconds |";

    public boolean passed() {
        return lost + duplicates + missing + wrong + regressions + trackingGaps + auditMissing + auditDoubled
                + validDeadLettered + deadLettersWithoutReason == 0;
    }

    /**
     * Passed, but for repeated emails within the bound: for a fault where the design allows them (a provider that
     * took a message without answering in time, a sender killed between the provider's answer and the recording).
     */
    public boolean passedAllowingBoundedEmailRepeats() {
        return lost + (duplicates - boundedEmailRepeats) + missing + wrong + regressions + trackingGaps + auditMissing
                + auditDoubled + validDeadLettered + deadLettersWithoutReason == 0;
    }

    /** The same report with these findings instead. */
    public RunReport withFindings(List<String> replaced) {
        return new RunReport(fault, finishedAt, seconds, eventsIn, poisonIn, messagesExpected, messagesReceived, skipped,
                lost, duplicates, boundedEmailRepeats, missing, wrong, regressions, statusSamples, trackingGaps,
                auditMissing, auditDoubled, deadLetters, validDeadLettered, deadLettersWithoutReason,
                List.copyOf(replaced));
    }

    public String tableRow() {
        return "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |".formatted(fault,
                eventsIn, poisonIn, messagesExpected, messagesReceived, skipped, lost, duplicates, missing, wrong,
                regressions, trackingGaps, auditMissing, auditDoubled, validDeadLettered, deadLettersWithoutReason,
                seconds);
    }

    /** Writes the report as {@code <dir>/<fault>.json}. */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(fault + ".json");
            Files.writeString(file, EventCodec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(this));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
