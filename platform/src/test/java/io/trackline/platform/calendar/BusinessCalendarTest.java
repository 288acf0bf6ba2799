package io.trackline.platform.calendar;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusinessCalendarTest {

    private static final BusinessCalendar NL = new BusinessCalendar(ZoneId.of("Europe/Amsterdam"), LocalTime.of(15, 0),
            "NL", List.of());

    @ParameterizedTest(name = "{0}: {1} ({2})")
    @CsvSource({
            "2026-12-24, true,  Christmas Eve is a working day",
            "2026-12-25, false, Christmas Day",
            "2026-12-26, false, Boxing Day (second Christmas day)",
            "2027-01-01, false, New Year's Day",
            "2027-03-26, true,  Good Friday is an observance in NL: a working day",
            "2027-03-29, false, Easter Monday 2027",
            "2027-04-27, false, King's Day",
            "2027-05-05, false, Liberation Day",
            "2027-05-06, false, Ascension Day 2027",
            "2027-05-17, false, Whit Monday 2027",
            "2026-11-28, false, Saturday",
            "2026-11-29, false, Sunday",
            "2026-11-30, true,  an ordinary Monday",
            "2035-12-25, false, Christmas of any year, not only of a hand-kept list",
            "2040-04-02, false, Easter Monday 2040"
    })
    void shouldCountMondayToFridayLessPublicHolidaysAsBusinessDays(LocalDate day, boolean business, String why) {
        assertThat(NL.isBusinessDay(day)).as(why).isEqualTo(business);
    }

    @ParameterizedTest(name = "{0} + {1} business days = {2} ({3})")
    @CsvSource({
            "2026-11-26, 0, 2026-11-26, nothing to add",
            "2026-11-26, 1, 2026-11-27, Thursday to Friday",
            "2026-11-27, 1, 2026-11-30, Friday to Monday over the weekend",
            "2026-12-24, 1, 2026-12-28, Christmas Eve to Monday over Christmas",
            "2026-12-23, 3, 2026-12-29, Wednesday 23 December plus three",
            "2027-03-26, 1, 2027-03-30, Friday before Easter to Tuesday"
    })
    void shouldAddBusinessDaysSkippingWeekendsAndHolidays(LocalDate from, int days, LocalDate expected, String why) {
        assertThat(NL.addBusinessDays(from, days)).as(why).isEqualTo(expected);
        assertThat(NL.businessDaysBetween(from, expected)).as("between, " + why).isEqualTo(days);
        assertThat(NL.businessDaysBetween(expected, from)).as("backwards, " + why).isEqualTo(-days);
    }

    @ParameterizedTest(name = "confirmed {0} -> dispatched {1} ({2})")
    @CsvSource({
            // Amsterdam is UTC+1 in winter, UTC+2 in summer
            "2026-11-26T13:59:59Z, 2026-11-26, a second before the cut-off: the same day",
            "2026-11-26T14:00:00Z, 2026-11-27, at the cut-off: the next business day",
            "2026-11-27T15:00:00Z, 2026-11-30, Friday after the cut-off: Monday",
            "2026-11-28T09:00:00Z, 2026-11-30, Saturday: Monday",
            "2026-11-29T23:30:00Z, 2026-11-30, 23:30 UTC on Sunday is already Monday morning in Amsterdam",
            "2026-12-24T10:00:00Z, 2026-12-24, Christmas Eve morning: the same day",
            "2026-12-24T15:30:00Z, 2026-12-28, Christmas Eve after the cut-off: Monday after Christmas",
            "2026-12-25T09:00:00Z, 2026-12-28, confirmed on Christmas Day",
            "2027-04-26T12:59:00Z, 2027-04-26, the day before King's Day before the cut-off (summer time)",
            "2027-04-26T13:00:00Z, 2027-04-28, the day before King's Day at the cut-off: after King's Day"
    })
    void shouldDispatchOnTheNextBusinessDayAfterTheCutOffInTheWarehouseTimeZone(Instant confirmedAt,
            LocalDate expected, String why) {
        assertThat(NL.nextDispatchDay(confirmedAt)).as(why).isEqualTo(expected);
    }

    @Test
    void shouldPlaceTheCutOffInTheWarehouseTimeZone() {
        assertThat(NL.cutOffOn(LocalDate.parse("2026-12-28"))).isEqualTo(Instant.parse("2026-12-28T14:00:00Z"));
        assertThat(NL.cutOffOn(LocalDate.parse("2027-04-28"))).isEqualTo(Instant.parse("2027-04-28T13:00:00Z"));
    }

    @Test
    void shouldTreatConfiguredClosedDaysAsNoBusinessDays() {
        BusinessCalendar closedOnNewYearsEve = new BusinessCalendar(ZoneId.of("Europe/Amsterdam"), LocalTime.of(15, 0),
                "NL", List.of(LocalDate.parse("2026-12-31")));
        assertThat(closedOnNewYearsEve.isBusinessDay(LocalDate.parse("2026-12-31"))).isFalse();
        assertThat(closedOnNewYearsEve.addBusinessDays(LocalDate.parse("2026-12-30"), 1))
                .isEqualTo(LocalDate.parse("2027-01-04"));
        assertThat(NL.addBusinessDays(LocalDate.parse("2026-12-30"), 1)).isEqualTo(LocalDate.parse("2026-12-31"));
    }

    @Test
    void shouldTakeClosedDaysSetThroughTheEnvironment() {
        // TRACKLINE_CALENDAR_CLOSED_DAYS_NL is how a Helm value or a shell sets trackline.calendar.closed-days.NL
        CalendarConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new EnvConfigSource(Map.of("TRACKLINE_CALENDAR_TIME_ZONE", "Europe/Amsterdam",
                        "TRACKLINE_CALENDAR_DISPATCH_CUT_OFF", "15:00",
                        "TRACKLINE_CALENDAR_CLOSED_DAYS_NL", "2026-12-31"), 300))
                .withMapping(CalendarConfig.class).build().getConfigMapping(CalendarConfig.class);
        assertThat(BusinessCalendar.of(config).isBusinessDay(LocalDate.parse("2026-12-31"))).isFalse();
    }

    @Test
    void shouldUseTheHolidaysOfTheConfiguredCountry() {
        BusinessCalendar germany = new BusinessCalendar(ZoneId.of("Europe/Berlin"), LocalTime.of(15, 0), "DE",
                List.of());
        assertThat(germany.isBusinessDay(LocalDate.parse("2027-10-03"))).as("a Sunday anyway").isFalse();
        assertThat(germany.isBusinessDay(LocalDate.parse("2026-10-03"))).as("Saturday").isFalse();
        assertThat(germany.isBusinessDay(LocalDate.parse("2028-10-03"))).as("German Unity Day, a Tuesday").isFalse();
        assertThat(NL.isBusinessDay(LocalDate.parse("2028-10-03"))).as("a working day in NL").isTrue();
        assertThat(germany.isBusinessDay(LocalDate.parse("2027-04-27"))).as("King's Day is Dutch").isTrue();
    }

    @Test
    void shouldRefuseACountryWithoutAHolidayCalendar() {
        assertThatThrownBy(() -> new BusinessCalendar(ZoneId.of("UTC"), LocalTime.NOON, "XX", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'XX'");
    }

    @Test
    void shouldRefuseNegativeBusinessDays() {
        assertThatThrownBy(() -> NL.addBusinessDays(LocalDate.parse("2026-12-01"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
