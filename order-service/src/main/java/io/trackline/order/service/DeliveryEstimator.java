package io.trackline.order.service;

import io.trackline.order.config.OrderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;

/**
 * The first estimated delivery date: an order confirmed before the dispatch cut-off on a business day (in the
 * warehouse's time zone) is dispatched that day, otherwise on the next business day; delivery follows after
 * the service level's transit days, counting business days only (no weekends, no configured holidays).
 */
@ApplicationScoped
public class DeliveryEstimator {

    @Inject
    OrderConfig config;

    public LocalDate estimate(String serviceLevel, Instant confirmedAt) {
        Set<LocalDate> holidays = new HashSet<>(config.holidays());
        ZonedDateTime local = confirmedAt.atZone(config.warehouseTimeZone());
        LocalDate dispatch = local.toLocalDate();
        if (!isBusinessDay(dispatch, holidays) || !local.toLocalTime().isBefore(config.dispatchCutOff())) {
            dispatch = nextBusinessDay(dispatch, holidays);
        }
        Integer transit = config.transitDays().get(serviceLevel);
        if (transit == null) {
            throw new IllegalArgumentException("no transit days configured for " + serviceLevel);
        }
        LocalDate delivery = dispatch;
        for (int i = 0; i < transit; i++) {
            delivery = nextBusinessDay(delivery, holidays);
        }
        return delivery;
    }

    private static LocalDate nextBusinessDay(LocalDate day, Set<LocalDate> holidays) {
        LocalDate next = day.plusDays(1);
        while (!isBusinessDay(next, holidays)) {
            next = next.plusDays(1);
        }
        return next;
    }

    private static boolean isBusinessDay(LocalDate day, Set<LocalDate> holidays) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidays.contains(day);
    }
}
