package io.trackline.notification.service;

import io.trackline.notification.CustomerContact;
import io.trackline.notification.CustomerPreference;

import java.util.Map;
import java.util.Optional;

/**
 * The preferences of a batch's customers, loaded with one query ({@link Preferences#load}): by customer key, null
 * where a customer set none. A contact's email address and phone number are both customer keys.
 */
public record KnownPreferences(Map<String, CustomerPreference> byCustomer) {

    /** True when the customer opted out of {@code channel} (EMAIL or SMS) by either address. */
    public boolean optedOut(CustomerContact contact, String channel) {
        return preference(contact.email).map(p -> p.optedOut(channel)).orElse(false)
                || preference(contact.phone).map(p -> p.optedOut(channel)).orElse(false);
    }

    /** The language the customer chose, by email address first, if any. */
    public Optional<String> chosenLanguage(CustomerContact contact) {
        return preference(contact.email).map(p -> p.language)
                .or(() -> preference(contact.phone).map(p -> p.language));
    }

    private Optional<CustomerPreference> preference(String address) {
        return Preferences.customerKey(address).map(byCustomer::get);
    }
}
