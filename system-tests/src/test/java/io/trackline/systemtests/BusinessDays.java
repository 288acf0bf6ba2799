package io.trackline.systemtests;

import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * Expected dates as the platform's business calendar should compute them with its defaults, worked out here on
 * their own (not with the platform's code): Monday to Friday count, weekends and Dutch public holidays do not.
 */
final class BusinessDays {

    private static final HolidayManager NL = HolidayManager.getInstance(ManagerParameters.create("nl"));

    private BusinessDays() {
    }

    static LocalDate plus(LocalDate from, int days) {
        LocalDate day = from;
        for (int added = 0; added < days; ) {
            day = day.plusDays(1);
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                    && !NL.isHoliday(day, HolidayType.PUBLIC_HOLIDAY)) {
                added++;
            }
        }
        return day;
    }
}
