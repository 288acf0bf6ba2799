package io.trackline.systemtests;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.trackline.events.EventCodec;

import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;

/** What the dev-sinks received, read over their HTTP APIs. Tests pick their own messages by unique address. */
final class Sinks {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Mail(List<String> to, String subject, String text, String html) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sms(String to, String body) {
    }

    private Sinks() {
    }

    /** Every email the SMTP server received for {@code address}. */
    static List<Mail> mailsTo(TracklineStack stack, String address) {
        return Arrays.stream(read(stack.inboxUrl(), Mail[].class)).filter(m -> m.to().contains(address)).toList();
    }

    /** Every email {@code address} received whose subject contains {@code subjectPart}. */
    static List<Mail> mailsTo(TracklineStack stack, String address, String subjectPart) {
        return mailsTo(stack, address).stream().filter(m -> m.subject().contains(subjectPart)).toList();
    }

    /** Every SMS the provider stand-in received for {@code phone}. */
    static List<Sms> smsTo(TracklineStack stack, String phone) {
        return Arrays.stream(read(stack.smsUrl(), Sms[].class)).filter(m -> phone.equals(m.to())).toList();
    }

    private static <T> T read(String sink, Class<T> type) {
        String json = given().baseUri(sink).when().get("/api/messages").then().statusCode(200).extract().asString();
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable answer from " + sink + ": " + json, e);
        }
    }
}
