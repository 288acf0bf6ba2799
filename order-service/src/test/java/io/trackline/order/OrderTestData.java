package io.trackline.order;

import java.util.UUID;

final class OrderTestData {

    private OrderTestData() {
    }

    static String uniqueReference() {
        return "WEB-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String validOrder(String reference) {
        return """
                {
                  "externalReference": "%s",
                  "source": "webshop",
                  "serviceLevel": "STANDARD",
                  "customer": {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+31 6 1234 5678",
                               "language": "en", "timeZone": "Europe/Amsterdam"},
                  "shippingAddress": {"line1": "Damrak 1", "city": "Amsterdam", "postalCode": "1012 LG",
                                      "country": "NL"},
                  "items": [{"sku": "TEA-POT", "description": "Teapot", "quantity": 2}]
                }""".formatted(reference);
    }
}
