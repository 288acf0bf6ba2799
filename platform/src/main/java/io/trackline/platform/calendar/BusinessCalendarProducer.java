package io.trackline.platform.calendar;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The platform's one {@link BusinessCalendar}, built from {@code trackline.calendar.*}. */
@ApplicationScoped
public class BusinessCalendarProducer {

    @Produces
    @Singleton
    BusinessCalendar calendar(CalendarConfig config) {
        return BusinessCalendar.of(config);
    }
}
