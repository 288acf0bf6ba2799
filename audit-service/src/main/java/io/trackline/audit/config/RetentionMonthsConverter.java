package io.trackline.audit.config;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads {@code trackline.audit.retention-months} and refuses a value below 12 months: the records must be kept
 * for at least 12 months, so a service configured otherwise must not start (and must never drop anything).
 */
public class RetentionMonthsConverter implements Converter<Integer> {

    public static final int MINIMUM = 12;

    @Override
    public Integer convert(String value) {
        int months;
        try {
            months = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trackline.audit.retention-months must be a whole number of months, "
                    + "but was '" + value + "'");
        }
        return check(months);
    }

    /** Returns {@code months} when it is allowed; throws with the reason otherwise. */
    public static int check(int months) {
        if (months < MINIMUM) {
            throw new IllegalArgumentException("trackline.audit.retention-months must be at least " + MINIMUM
                    + " (audit records are kept for at least 12 months), but was " + months);
        }
        return months;
    }
}
