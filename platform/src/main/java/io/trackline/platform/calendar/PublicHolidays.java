package io.trackline.platform.calendar;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;

import java.time.LocalDate;
import java.time.Year;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A country's nationwide public holidays, from Jollyday's rules (bundled in its jar, so nothing is fetched at run
 * time, and every year is covered). Observances such as Good Friday in the Netherlands are working days.
 */
final class PublicHolidays {

    private final HolidayManager manager;
    private final Map<Integer, Set<LocalDate>> byYear = new ConcurrentHashMap<>();

    PublicHolidays(String country) {
        String code = country.toUpperCase(Locale.ROOT);
        if (!HolidayManager.getSupportedCalendarCodes().contains(code)) {
            throw new IllegalArgumentException("no public holidays known for country '" + country
                    + "' (an ISO 3166 code such as NL, BE, DE)");
        }
        manager = HolidayManager.getInstance(ManagerParameters.create(code.toLowerCase(Locale.ROOT)));
    }

    boolean contains(LocalDate day) {
        return byYear.computeIfAbsent(day.getYear(), this::load).contains(day);
    }

    private Set<LocalDate> load(int year) {
        return manager.getHolidays(Year.of(year), HolidayType.PUBLIC_HOLIDAY).stream()
                .map(Holiday::getActualDate).collect(Collectors.toUnmodifiableSet());
    }
}
