package io.trackline.tracking.page;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.EventCodec;
import io.trackline.tracking.CustomerFeedback;
import io.trackline.tracking.Shipment;
import io.trackline.tracking.ShipmentEta;
import io.trackline.tracking.ShipmentEvent;
import io.trackline.tracking.ShipmentStatus;
import io.trackline.tracking.rest.ShipmentView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Builds the public view of a shipment for the tracking page and its live updates. */
@ApplicationScoped
public class PublicShipments {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    /** What a customer sees in the history; internal events (escalations, estimate bookkeeping) stay internal. */
    static final java.util.Set<String> CUSTOMER_TIMELINE = java.util.Set.of("OrderConfirmed", "Dispatched",
            "InTransit", "OutForDelivery", "Delivered", "ExceptionRaised", "ExceptionResolved", "OrderCancelled");

    @Inject
    PageTexts texts;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PublicShipment> find(String trackingNumber) {
        return Shipment.find(trackingNumber).map(this::of);
    }

    PublicShipment of(Shipment s) {
        Map<String, String> t = texts.forLanguage(s.customerLanguage);
        Locale locale = Locale.forLanguageTag(s.customerLanguage == null ? "en" : s.customerLanguage);
        ZoneId zone = zone(s.customerTimeZone);
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale);
        DateTimeFormatter time = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(locale).withZone(zone);

        List<PublicShipment.Step> steps = new ArrayList<>();
        for (ShipmentStatus status : ShipmentStatus.values()) {
            steps.add(new PublicShipment.Step(t.get("status." + status.name()),
                    status.ordinal() <= s.status.ordinal(), status == s.status));
        }
        String previous = ShipmentEta.history(s.trackingNumber).stream()
                .map(e -> e.estimatedDelivery).filter(d -> !d.equals(s.estimatedDelivery))
                .reduce((a, b) -> b).map(date::format).orElse(null);
        PublicShipment.Problem problem = s.openExceptionReason == null ? null : new PublicShipment.Problem(
                t.getOrDefault("reason." + s.openExceptionReason, t.get("reason.OTHER")),
                s.openExceptionDescription, steps(s.openExceptionSteps), time.format(s.openExceptionSince));
        PublicShipment.Delivery delivery = s.deliveredAt == null ? null : new PublicShipment.Delivery(
                time.format(s.deliveredAt), s.recipientName, s.proofOfDeliveryId != null);
        List<PublicShipment.Entry> timeline = ShipmentEvent.timeline(s.trackingNumber).stream()
                .filter(e -> CUSTOMER_TIMELINE.contains(e.type))
                .sorted(Comparator.comparing((ShipmentEvent e) -> e.occurredAt).reversed())
                .map(e -> entry(e, t, time)).toList();
        boolean feedbackOpen = s.status == ShipmentStatus.DELIVERED
                && CustomerFeedback.findByIdOptional(s.trackingNumber).isEmpty();
        return new PublicShipment(s.trackingNumber, locale.getLanguage(), s.status.name(), t.get("status." + s.status.name()), steps,
                s.estimatedDelivery == null || s.status == ShipmentStatus.DELIVERED ? null
                        : date.format(s.estimatedDelivery),
                s.status == ShipmentStatus.DELIVERED ? null : previous,
                Stream.of(s.destinationCity, s.destinationCountry).filter(Objects::nonNull)
                        .collect(Collectors.joining(", ")),
                s.lastLocation, problem, delivery, timeline, feedbackOpen);
    }

    private static PublicShipment.Entry entry(ShipmentEvent e, Map<String, String> t, DateTimeFormatter time) {
        JsonNode data = ShipmentView.json(e.data);
        JsonNode location = data.path("location");
        String place = Stream.of(location.path("facility").asText(null), location.path("city").asText(null),
                location.path("country").asText(null)).filter(Objects::nonNull).filter(v -> !v.isBlank())
                .collect(Collectors.joining(", "));
        String description = data.path("description").asText(null);
        if ("ExceptionRaised".equals(e.type)) {
            description = t.getOrDefault("reason." + data.path("reason").asText(), t.get("reason.OTHER"))
                    + (description == null ? "" : ": " + description);
        }
        return new PublicShipment.Entry(t.getOrDefault("event." + e.type, e.type), time.format(e.occurredAt),
                place.isEmpty() ? null : place, description);
    }

    private static List<String> steps(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return EventCodec.mapper().readValue(json, STRINGS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of();
        }
    }

    private static ZoneId zone(String zone) {
        try {
            return zone == null ? ZoneId.of("UTC") : ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
