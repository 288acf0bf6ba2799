package io.trackline.notification.service;

import io.trackline.notification.CustomerContact;
import io.trackline.notification.CustomerPreference;
import io.trackline.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Customer preferences. A customer is known by email address and by phone number; an opt-out or language set on
 * either applies to messages of a shipment that has that address or number.
 */
@ApplicationScoped
@Transactional
public class Preferences {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    @Inject
    NotificationConfig config;

    @Inject
    Clock clock;

    /**
     * The preferences of these customers (the contacts' email addresses and phone numbers, and the other
     * addresses), with one query: the lookups per message then run none.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public KnownPreferences load(Collection<CustomerContact> contacts, Collection<String> otherAddresses) {
        List<String> addresses = new ArrayList<>(otherAddresses);
        contacts.stream().filter(Objects::nonNull).forEach(contact -> {
            addresses.add(contact.email);
            addresses.add(contact.phone);
        });
        Map<String, CustomerPreference> known = new HashMap<>();
        addresses.stream().map(Preferences::customerKey).flatMap(Optional::stream).forEach(k -> known.put(k, null));
        if (!known.isEmpty()) {
            CustomerPreference.<CustomerPreference>list("customer in ?1", known.keySet())
                    .forEach(p -> known.put(p.customer, p));
        }
        return new KnownPreferences(known);
    }

    /** The customer key: lower-case email or E.164 phone; empty when it is neither. */
    public static Optional<String> customerKey(String customer) {
        if (customer == null) {
            return Optional.empty();
        }
        String trimmed = customer.trim();
        if (EMAIL.matcher(trimmed).matches()) {
            return Optional.of(trimmed.toLowerCase(Locale.ROOT));
        }
        if (E164.matcher(trimmed).matches()) {
            return Optional.of(trimmed);
        }
        return Optional.empty();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CustomerPreference> find(String key) {
        return Optional.ofNullable(CustomerPreference.findById(key));
    }

    public CustomerPreference save(String key, Boolean emailOptOut, Boolean smsOptOut, String language, String by) {
        CustomerPreference preference = findOrNew(key);
        if (emailOptOut != null) {
            preference.emailOptOut = emailOptOut;
        }
        if (smsOptOut != null) {
            preference.smsOptOut = smsOptOut;
        }
        preference.language = language == null || language.isBlank() ? null : supportedLanguage(language);
        preference.updatedAt = Instant.now(clock);
        preference.updatedBy = by;
        persistIfNew(preference);
        return preference;
    }

    public void optOut(String key, String channel, String by) {
        CustomerPreference preference = findOrNew(key);
        if ("EMAIL".equals(channel)) {
            preference.emailOptOut = true;
        } else if ("SMS".equals(channel)) {
            preference.smsOptOut = true;
        }
        preference.updatedAt = Instant.now(clock);
        preference.updatedBy = by;
        persistIfNew(preference);
    }

    private static CustomerPreference findOrNew(String key) {
        CustomerPreference preference = CustomerPreference.findById(key);
        if (preference == null) {
            preference = new CustomerPreference();
            preference.customer = key;
        }
        return preference;
    }

    /** Persist once the fields are set: Hibernate takes an insert's values at persist(). */
    private static void persistIfNew(CustomerPreference preference) {
        if (!preference.isPersistent()) {
            preference.persist();
        }
    }

    /** The preferred language if set, the order's language otherwise, falling back to the first supported one. */
    public String language(KnownPreferences known, CustomerContact contact) {
        return known.chosenLanguage(contact).map(this::supportedLanguage)
                .orElseGet(() -> supportedLanguage(contact.language));
    }

    public boolean isSupported(String language) {
        return language != null && config.languages().contains(primary(language));
    }

    public String supportedLanguage(String language) {
        String primary = primary(language);
        return config.languages().contains(primary) ? primary : config.languages().get(0);
    }

    private static String primary(String language) {
        if (language == null) {
            return "";
        }
        return language.split("[-_]")[0].toLowerCase(Locale.ROOT);
    }
}
