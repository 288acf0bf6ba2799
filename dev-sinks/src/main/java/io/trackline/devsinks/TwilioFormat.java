package io.trackline.devsinks;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What Twilio's Messages API answers: the message resource, its errors, message ids and the segment count. */
final class TwilioFormat {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter TWILIO_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    // GSM 03.38: a body using only these fits 160 characters per SMS (153 when split); anything else is UCS-2.
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENDED = "^{}\\[~]|€\f";

    private TwilioFormat() {
    }

    static Map<String, Object> resource(Sms sms) {
        String date = TWILIO_DATE.format(sms.receivedAt);
        String uri = "/2010-04-01/Accounts/" + sms.accountSid + "/Messages/" + sms.sid;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("account_sid", sms.accountSid);
        r.put("api_version", "2010-04-01");
        r.put("body", sms.body);
        r.put("date_created", date);
        r.put("date_sent", null);
        r.put("date_updated", date);
        r.put("direction", "outbound-api");
        r.put("error_code", null);
        r.put("error_message", null);
        r.put("from", sms.from);
        r.put("messaging_service_sid", null);
        r.put("num_media", "0");
        r.put("num_segments", Integer.toString(sms.numSegments));
        r.put("price", null);
        r.put("price_unit", "USD");
        r.put("sid", sms.sid);
        r.put("status", "queued");
        r.put("subresource_uris", Map.of("media", uri + "/Media.json"));
        r.put("to", sms.to);
        r.put("uri", uri + ".json");
        return r;
    }

    static Map<String, Object> error(int code, String message, int status) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        e.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        e.put("status", status);
        return e;
    }

    /** A new message SID: "SM" and 32 hex digits. */
    static String newMessageSid() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "SM" + HexFormat.of().formatHex(bytes);
    }

    static int segments(String body) {
        int gsmLength = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                gsmLength++;
            } else if (GSM_EXTENDED.indexOf(c) >= 0) {
                gsmLength += 2;
            } else {
                gsmLength = -1;
                break;
            }
        }
        if (gsmLength >= 0) {
            return gsmLength <= 160 ? 1 : (gsmLength + 152) / 153;
        }
        int units = body.length(); // UTF-16 code units, as UCS-2 counts them
        return units <= 70 ? 1 : (units + 66) / 67;
    }
}
