package io.trackline.systemtests;

import java.time.DayOfWeek;
import java.time.LocalDate;

/** Expected dates as exception-service computes them: Monday to Friday count, weekends do not. */
final class BusinessDays {

    private BusinessDays() {
    }

    static LocalDate plus(LocalDate from, int days) {
        LocalDate day = from;
        for (int added = 0; added < days; ) {
            day = day.plusDays(1);
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return day;
    }
}
