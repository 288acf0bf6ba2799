package io.trackline.order.rest;

import java.util.List;

/** What an upstream system posts to confirm an order. */
public record OrderRequest(
        String externalReference,
        String source,
        String serviceLevel,
        CustomerDto customer,
        AddressDto shippingAddress,
        List<ItemDto> items) {

    public record CustomerDto(String name, String email, String phone, String language, String timeZone) {
    }

    public record AddressDto(String line1, String line2, String city, String postalCode, String country) {
    }

    public record ItemDto(String sku, String description, Integer quantity) {
    }
}
