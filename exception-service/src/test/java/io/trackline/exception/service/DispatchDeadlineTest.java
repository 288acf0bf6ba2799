package io.trackline.exception.service;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.trackline.platform.calendar.BusinessCalendar;
import io.trackline.platform.calendar.CalendarConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The not-dispatched rule waits for the cut-off of the day order-service dispatches on (its
 * DeliveryEstimatorTest: "after cut-off on Christmas Eve: dispatched Mon 28"): both take it from the platform's
 * one calendar.
 */
class DispatchDeadlineTest {

    private static final BusinessCalendar CALENDAR = platformCalendar();

    @ParameterizedTest(name = "confirmed {0}: dispatched by {1} ({2})")
    @CsvSource({
            "2026-12-24T10:00:00Z, 2026-12-24T14:00:00Z, before the cut-off: that day at 15:00 Amsterdam",
            "2026-12-24T15:30:00Z, 2026-12-28T14:00:00Z, Christmas Eve after the cut-off: Monday 28",
            "2026-12-31T15:00:00Z, 2027-01-04T14:00:00Z, New Year's Eve after the cut-off: Monday 4 January",
            "2027-03-26T15:00:00Z, 2027-03-30T13:00:00Z, Friday before Easter: Tuesday (summer time)",
            "2027-04-26T14:00:00Z, 2027-04-28T13:00:00Z, the day before King's Day: Wednesday"
    })
    void shouldWaitForTheCutOffOfTheDispatchDayOrderServicePromises(String confirmedAt, String deadline,
            String why) {
        assertThat(detector().dispatchDeadline(Instant.parse(confirmedAt))).as(why)
                .isEqualTo(Instant.parse(deadline));
    }

    /** Every hour of a year: the deadline is the cut-off on the platform calendar's dispatch day. */
    @Test
    void shouldWaitForTheDispatchDayOfThePlatformCalendar() {
        DelayDetector detector = detector();
        for (Instant t = Instant.parse("2026-12-01T00:00:00Z"); t.isBefore(Instant.parse("2027-12-31T00:00:00Z"));
                t = t.plus(Duration.ofMinutes(59))) {
            assertThat(detector.dispatchDeadline(t)).as("confirmed at " + t)
                    .isEqualTo(CALENDAR.cutOffOn(CALENDAR.nextDispatchDay(t)));
        }
    }

    @Test
    void shouldLeaveTheCalendarToThePlatform() throws IOException {
        Properties own = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            own.load(in);
        }
        assertThat(own.stringPropertyNames()).noneMatch(key -> key.startsWith("trackline.calendar.")
                || key.contains("holiday") || key.contains("cut-off") || key.contains("time-zone"));
    }

    /** The calendar as trackline-platform configures it for every service. */
    private static BusinessCalendar platformCalendar() {
        return BusinessCalendar.of(new SmallRyeConfigBuilder().addDefaultSources().withMapping(CalendarConfig.class)
                .build().getConfigMapping(CalendarConfig.class));
    }

    private static DelayDetector detector() {
        DelayDetector detector = new DelayDetector();
        detector.calendar = CALENDAR;
        return detector;
    }
}
