package io.trackline.order.service;

import io.trackline.order.config.OrderConfig;
import io.trackline.order.rest.OrderRequest;
import io.trackline.platform.problem.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies an order on receipt and normalises what can be normalised (phone to E.164, country and postal
 * code to upper case). Every problem is collected, so one 400 lists them all.
 */
@ApplicationScoped
public class OrderValidator {

    static final Set<String> SERVICE_LEVELS = Set.of("STANDARD", "EXPRESS", "NEXT_DAY");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Pattern REFERENCE = Pattern.compile("^[A-Za-z0-9._:/-]{1,100}$");
    /**
     * With every string bounded too, the largest order's OrderConfirmed stays well below the 1 MB a Kafka record may
     * have (about 0.75 MB if every description character had to be escaped as six bytes of JSON).
     */
    public static final int MAX_ITEMS = 200;

    @Inject
    OrderConfig config;

    /** The request with normalised values, or a 400 listing every problem. */
    public OrderRequest validate(OrderRequest request) {
        FieldErrors errors = new FieldErrors();
        if (request == null) {
            errors.add("", "a JSON order is required").throwIfAny();
        }
        errors.check(request.externalReference() != null && REFERENCE.matcher(request.externalReference()).matches(),
                "externalReference", "required: 1-100 letters, digits or . _ : / -");
        errors.check(request.source() != null && REFERENCE.matcher(request.source()).matches(),
                "source", "required: the upstream system's name, 1-100 letters, digits or . _ : / -");
        errors.check(request.serviceLevel() != null && SERVICE_LEVELS.contains(request.serviceLevel()),
                "serviceLevel", "must be one of " + String.join(", ", SERVICE_LEVELS.stream().sorted().toList()));
        OrderRequest.CustomerDto customer = validateCustomer(request.customer(), errors);
        OrderRequest.AddressDto address = validateAddress(request.shippingAddress(), errors);
        validateItems(request.items(), errors);
        errors.throwIfAny();
        return new OrderRequest(request.externalReference(), request.source(), request.serviceLevel(), customer,
                address, request.items());
    }

    private OrderRequest.CustomerDto validateCustomer(OrderRequest.CustomerDto customer, FieldErrors errors) {
        if (customer == null) {
            errors.add("customer", "required");
            return null;
        }
        errors.check(notBlank(customer.name()) && customer.name().length() <= 200, "customer.name",
                "required, at most 200 characters");
        errors.check(customer.email() != null && customer.email().length() <= 320
                && EMAIL.matcher(customer.email()).matches(), "customer.email", "must be a valid email address");
        String phone = null;
        if (notBlank(customer.phone())) {
            phone = normalisePhone(customer.phone());
            errors.check(E164.matcher(phone).matches(), "customer.phone",
                    "must be an international number in E.164 form, e.g. +31612345678");
        }
        String language = customer.language() == null ? null : customer.language().toLowerCase(Locale.ROOT);
        errors.check(language != null && config.languages().contains(language), "customer.language",
                "must be one of " + String.join(", ", config.languages()));
        if (customer.timeZone() != null) {
            errors.check(customer.timeZone().length() <= 64 && isZone(customer.timeZone()), "customer.timeZone",
                    "must be an IANA time zone");
        }
        return new OrderRequest.CustomerDto(trim(customer.name()), trim(customer.email()), phone, language,
                customer.timeZone());
    }

    private OrderRequest.AddressDto validateAddress(OrderRequest.AddressDto address, FieldErrors errors) {
        if (address == null) {
            errors.add("shippingAddress", "required");
            return null;
        }
        errors.check(notBlank(address.line1()) && address.line1().length() <= 200, "shippingAddress.line1",
                "required, at most 200 characters");
        errors.check(address.line2() == null || address.line2().length() <= 200, "shippingAddress.line2",
                "at most 200 characters");
        errors.check(notBlank(address.city()) && address.city().length() <= 100, "shippingAddress.city",
                "required, at most 100 characters");
        String country = address.country() == null ? null : address.country().toUpperCase(Locale.ROOT);
        boolean countryOk = errors.check(country != null && COUNTRIES.contains(country), "shippingAddress.country",
                "must be an ISO 3166-1 alpha-2 country code");
        String postalCode = address.postalCode() == null ? null
                : address.postalCode().trim().toUpperCase(Locale.ROOT);
        if (!notBlank(postalCode)) {
            errors.add("shippingAddress.postalCode", "required");
        } else if (countryOk && config.postalCodes().containsKey(country)) {
            errors.check(postalCode.matches(config.postalCodes().get(country)), "shippingAddress.postalCode",
                    "is not a valid postal code for " + country);
        } else {
            errors.check(postalCode.length() <= 20, "shippingAddress.postalCode", "at most 20 characters");
        }
        return new OrderRequest.AddressDto(trim(address.line1()), trim(address.line2()), trim(address.city()),
                postalCode, country);
    }

    private static void validateItems(List<OrderRequest.ItemDto> items, FieldErrors errors) {
        if (items == null || items.isEmpty()) {
            errors.add("items", "at least one item is required");
            return;
        }
        if (items.size() > MAX_ITEMS) {
            errors.add("items", "at most " + MAX_ITEMS + " items, not " + items.size());
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            OrderRequest.ItemDto item = items.get(i);
            if (item == null) {
                errors.add("items[" + i + "]", "must be an item");
                continue;
            }
            errors.check(notBlank(item.sku()) && item.sku().length() <= 100, "items[" + i + "].sku",
                    "required, at most 100 characters");
            errors.check(item.quantity() != null && item.quantity() > 0, "items[" + i + "].quantity",
                    "must be a positive whole number");
            errors.check(item.description() == null || item.description().length() <= 500,
                    "items[" + i + "].description", "at most 500 characters");
        }
    }

    static String normalisePhone(String phone) {
        String compact = phone.replaceAll("[\\s().-]", "");
        return compact.startsWith("00") ? "+" + compact.substring(2) : compact;
    }

    private static boolean isZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
