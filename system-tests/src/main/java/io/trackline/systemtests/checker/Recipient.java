package io.trackline.systemtests.checker;

/** The customer of one shipment as the run set it up: email always, phone or null, and the SMS opt-out. */
public record Recipient(String trackingNumber, String email, String phone, boolean smsOptOut) {

    public boolean expectsSms() {
        return phone != null && !smsOptOut;
    }
}
