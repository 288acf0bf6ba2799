package io.trackline.order.service;

import io.trackline.order.config.OrderConfig;
import io.trackline.platform.calendar.BusinessCalendar;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The first estimated delivery date: the service level's transit days, in business days, after the dispatch day.
 * Both come from the platform's one {@link BusinessCalendar} (cut-off, time zone, public holidays), which
 * exception-service's delay rules and revised dates use too.
 */
@ApplicationScoped
public class DeliveryEstimator {

    @Inject
    OrderConfig config;

    @Inject
    BusinessCalendar calendar;

    public LocalDate estimate(String serviceLevel, Instant confirmedAt) {
        Integer transit = config.transitDays().get(serviceLevel);
        if (transit == null) {
            throw new IllegalArgumentException("no transit days configured for " + serviceLevel);
        }
        return calendar.addBusinessDays(calendar.nextDispatchDay(confirmedAt), transit);
    }
}
