package io.trackline.order;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.trackline.order.config.OrderConfig;
import io.trackline.order.service.DeliveryEstimator;
import io.trackline.platform.calendar.BusinessCalendar;
import io.trackline.platform.calendar.CalendarConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryEstimatorTest {

    private static final BusinessCalendar CALENDAR = platformCalendar();
    private final DeliveryEstimator estimator = estimatorWith(new TestConfig());

    @ParameterizedTest(name = "{0} confirmed at {1} -> {2} ({3})")
    @CsvSource({
            // Thursday 26 Nov 2026, Amsterdam is UTC+1 in winter: 13:59Z is before the 15:00 cut-off
            "STANDARD, 2026-11-26T13:59:00Z, 2026-12-01, before cut-off: dispatched Thu, 3 business days",
            "STANDARD, 2026-11-26T14:00:00Z, 2026-12-02, at cut-off (15:00 local): dispatched Fri",
            "EXPRESS,  2026-11-26T09:00:00Z, 2026-11-30, 2 business days skip the weekend",
            "NEXT_DAY, 2026-11-27T10:00:00Z, 2026-11-30, Friday next day is Monday",
            "NEXT_DAY, 2026-11-27T15:00:00Z, 2026-12-01, Friday after cut-off: dispatched Mon",
            "STANDARD, 2026-11-28T10:00:00Z, 2026-12-03, Saturday: dispatched Mon",
            // 23:30Z on Sunday is already Monday 00:30 in Amsterdam: a business day, before cut-off
            "NEXT_DAY, 2026-11-29T23:30:00Z, 2026-12-01, the warehouse's time zone decides the day",
            // Christmas 2026 is Fri 25 and Sat 26 Dec, both holidays
            "NEXT_DAY, 2026-12-24T10:00:00Z, 2026-12-28, Christmas Day is no business day",
            "EXPRESS,  2026-12-24T15:00:00Z, 2026-12-30, after cut-off on Christmas Eve: dispatched Mon 28",
            "STANDARD, 2026-12-31T10:00:00Z, 2027-01-06, New Year's Day is a holiday"
    })
    void shouldEstimateDeliveryFromServiceLevelCutOffBusinessDaysAndHolidays(String level, String confirmedAt,
            String expected, String why) {
        assertThat(estimator.estimate(level, Instant.parse(confirmedAt))).as(why).isEqualTo(LocalDate.parse(expected));
    }

    /**
     * Every hour of a year: the estimate counts the transit days from the platform calendar's dispatch day, the
     * day exception-service's not-dispatched rule waits for (its DispatchDeadlineTest does the same check).
     */
    @Test
    void shouldCountFromTheDispatchDayOfThePlatformCalendar() {
        for (Instant t = Instant.parse("2026-12-01T00:00:00Z"); t.isBefore(Instant.parse("2027-12-31T00:00:00Z"));
                t = t.plus(Duration.ofMinutes(59))) {
            for (Map.Entry<String, Integer> level : new TestConfig().transitDays().entrySet()) {
                assertThat(estimator.estimate(level.getKey(), t)).as(level.getKey() + " at " + t)
                        .isEqualTo(CALENDAR.addBusinessDays(CALENDAR.nextDispatchDay(t), level.getValue()));
            }
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
    static BusinessCalendar platformCalendar() {
        return BusinessCalendar.of(new SmallRyeConfigBuilder().addDefaultSources().withMapping(CalendarConfig.class)
                .build().getConfigMapping(CalendarConfig.class));
    }

    static DeliveryEstimator estimatorWith(OrderConfig config) {
        DeliveryEstimator estimator = new DeliveryEstimator();
        try {
            var field = DeliveryEstimator.class.getDeclaredField("config");
            field.setAccessible(true);
            field.set(estimator, config);
            field = DeliveryEstimator.class.getDeclaredField("calendar");
            field.setAccessible(true);
            field.set(estimator, CALENDAR);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return estimator;
    }

    /** The same values as application.properties, where they matter here. */
    static final class TestConfig implements OrderConfig {
        public String trackingPrefix() {
            return "TL";
        }

        public String trackingSuffix() {
            return "NL";
        }

        public Map<String, Integer> transitDays() {
            return Map.of("STANDARD", 3, "EXPRESS", 2, "NEXT_DAY", 1);
        }

        public Map<String, String> postalCodes() {
            return Map.of();
        }

        public Duration quietPeriod() {
            return Duration.ofDays(3);
        }

        public String closeCheckInterval() {
            return "60s";
        }

        public Duration idempotencyKeyTtl() {
            return Duration.ofDays(7);
        }

        public List<String> languages() {
            return List.of("en");
        }
    }
}
