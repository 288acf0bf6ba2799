package io.trackline.order.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.trackline.events.EventCodec;
import io.trackline.order.CustomerOrder;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

public record OrderResponse(
        UUID id,
        String externalReference,
        String source,
        String serviceLevel,
        String status,
        OrderRequest.CustomerDto customer,
        OrderRequest.AddressDto shippingAddress,
        List<OrderRequest.ItemDto> items,
        String trackingNumber,
        String trackingUrl,
        LocalDate estimatedDelivery,
        Instant deliveredAt,
        Instant closedAt,
        String closeReason,
        Instant createdAt,
        Instant updatedAt) {

    private static final TypeReference<List<OrderRequest.ItemDto>> ITEMS = new TypeReference<>() {
    };

    public static OrderResponse of(CustomerOrder order, String trackingUrl) {
        return new OrderResponse(order.id, order.externalReference, order.orderSource, order.serviceLevel,
                order.status.name(),
                new OrderRequest.CustomerDto(order.customerName, order.customerEmail, order.customerPhone,
                        order.customerLanguage, order.customerTimeZone),
                new OrderRequest.AddressDto(order.addressLine1, order.addressLine2, order.addressCity,
                        order.addressPostalCode, order.addressCountry),
                readItems(order.items), order.trackingNumber, trackingUrl, order.estimatedDelivery,
                order.deliveredAt, order.closedAt, order.closeReason, order.createdAt, order.updatedAt);
    }

    private static List<OrderRequest.ItemDto> readItems(String json) {
        try {
            return EventCodec.mapper().readValue(json, ITEMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored items are not JSON", e);
        }
    }
}
