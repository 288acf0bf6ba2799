package io.trackline.platform.calendar;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The platform's business days: Monday to Friday, less the country's public holidays and its configured closed
 * days, and the dispatch cut-off in the warehouse's time zone. Every service that counts business days or
 * decides a dispatch day asks this one calendar (inject it; {@link BusinessCalendarProducer} builds it from
 * {@code trackline.calendar.*}).
 */
public final class BusinessCalendar {

    private final ZoneId zone;
    private final LocalTime dispatchCutOff;
    private final String country;
    private final PublicHolidays holidays;
    private final Set<LocalDate> closedDays;

    public BusinessCalendar(ZoneId zone, LocalTime dispatchCutOff, String country, Collection<LocalDate> closedDays) {
        this.zone = zone;
        this.dispatchCutOff = dispatchCutOff;
        this.country = country;
        this.holidays = new PublicHolidays(country);
        this.closedDays = Set.copyOf(closedDays);
    }

    public static BusinessCalendar of(CalendarConfig config) {
        // any case: set through the environment (TRACKLINE_CALENDAR_CLOSED_DAYS_NL) the key does not keep its case
        List<LocalDate> closed = config.closedDays().entrySet().stream()
                .filter(countryDays -> countryDays.getKey().equalsIgnoreCase(config.country()))
                .flatMap(countryDays -> countryDays.getValue().stream()).toList();
        return new BusinessCalendar(config.timeZone(), config.dispatchCutOff(), config.country(), closed);
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalTime dispatchCutOff() {
        return dispatchCutOff;
    }

    public String country() {
        return country;
    }

    /** The calendar day of {@code instant} in the warehouse's time zone. */
    public LocalDate dayOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    public boolean isBusinessDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidays.contains(day) && !closedDays.contains(day);
    }

    /** The first business day after {@code day}. */
    public LocalDate nextBusinessDay(LocalDate day) {
        LocalDate next = day.plusDays(1);
        while (!isBusinessDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    /** The day {@code days} business days after {@code from} ({@code from} itself for 0, whatever it is). */
    public LocalDate addBusinessDays(LocalDate from, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("business days to add must not be negative: " + days);
        }
        LocalDate day = from;
        for (int added = 0; added < days; added++) {
            day = nextBusinessDay(day);
        }
        return day;
    }

    /**
     * The business days after {@code from} up to and including {@code to}, so that
     * {@code businessDaysBetween(d, addBusinessDays(d, n)) == n}; negative when {@code to} is before {@code from}.
     */
    public int businessDaysBetween(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -businessDaysBetween(to, from);
        }
        int count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isBusinessDay(day)) {
                count++;
            }
        }
        return count;
    }

    /**
     * The day an order confirmed at {@code confirmedAt} leaves the warehouse: that day when it is a business day
     * and the order came before the cut-off, otherwise the next business day.
     */
    public LocalDate nextDispatchDay(Instant confirmedAt) {
        ZonedDateTime local = confirmedAt.atZone(zone);
        LocalDate day = local.toLocalDate();
        return isBusinessDay(day) && local.toLocalTime().isBefore(dispatchCutOff) ? day : nextBusinessDay(day);
    }

    /** The moment of the cut-off on {@code day}. */
    public Instant cutOffOn(LocalDate day) {
        return day.atTime(dispatchCutOff).atZone(zone).toInstant();
    }
}
