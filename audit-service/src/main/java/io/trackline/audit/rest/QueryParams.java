package io.trackline.audit.rest;

import io.trackline.audit.AuditRecord;
import io.trackline.audit.query.AuditFilter;
import io.trackline.platform.problem.FieldErrors;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/** Reads query parameters, collecting every problem so that one 400 names them all. */
final class QueryParams {

    static final int MAX_TEXT = 200;

    private QueryParams() {
    }

    static AuditFilter filter(String trackingNumber, String orderId, String type, String kind, String from, String to,
            FieldErrors errors) {
        Instant fromTime = instant(from, "from", errors);
        Instant toTime = instant(to, "to", errors);
        if (fromTime != null && toTime != null) {
            errors.check(fromTime.isBefore(toTime), "to", "must be after from");
        }
        return new AuditFilter(text(trackingNumber, "trackingNumber", errors), text(orderId, "orderId", errors),
                text(type, "type", errors), kind(kind, errors), fromTime, toTime);
    }

    /** An ISO-8601 instant ({@code 2026-11-26T09:00:00Z}) or a date, meaning its start in UTC. */
    static Instant instant(String value, String field, FieldErrors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                errors.add(field, "must be an ISO-8601 instant or date, e.g. 2026-11-26T00:00:00Z or 2026-11-26");
                return null;
            }
        }
    }

    static int integer(String value, String field, int fallback, int min, int max, FieldErrors errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (errors.check(number >= min && number <= max, field, "must be between " + min + " and " + max)) {
                return number;
            }
        } catch (NumberFormatException e) {
            errors.add(field, "must be a whole number between " + min + " and " + max);
        }
        return fallback;
    }

    private static String text(String value, String field, FieldErrors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return errors.check(value.length() <= MAX_TEXT, field, "must have at most " + MAX_TEXT + " characters")
                ? value.trim() : null;
    }

    private static AuditRecord.Kind kind(String value, FieldErrors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return AuditRecord.Kind.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add("kind", "must be one of " + Arrays.toString(AuditRecord.Kind.values()));
            return null;
        }
    }
}
