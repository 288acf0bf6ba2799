package io.trackline.platform.calendar;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** The one business calendar of the platform (defaults in this module's microprofile-config.properties). */
@ConfigMapping(prefix = "trackline.calendar")
public interface CalendarConfig {

    /** The warehouse's time zone: the day an order is confirmed in, and the zone of the cut-off. */
    ZoneId timeZone();

    /** Orders confirmed at or after this local time are dispatched on the next business day. */
    LocalTime dispatchCutOff();

    /** ISO 3166 country whose public holidays are no business days. */
    @WithDefault("NL")
    String country();

    /** Extra closed days per country (a warehouse closing, a carrier strike), beside its public holidays. */
    Map<String, List<LocalDate>> closedDays();
}
