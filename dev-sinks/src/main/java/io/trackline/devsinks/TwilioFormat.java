package io.trackline.devsinks;

import java.net.URI;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What Twilio's Messages API answers: the message resource, a page of them, its errors, message ids and the segment
 * count.
 */
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
        r.put("date_sent", sms.sentAt == null ? null : TWILIO_DATE.format(sms.sentAt));
        r.put("date_updated", sms.sentAt == null ? date : TWILIO_DATE.format(sms.sentAt));
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
        r.put("status", sms.status);
        r.put("subresource_uris", Map.of("media", uri + "/Media.json"));
        r.put("to", sms.to);
        r.put("uri", uri + ".json");
        return r;
    }

    /** One page of a list of messages, with Twilio's paging fields; {@code request} is the list's URI as asked. */
    static Map<String, Object> page(URI request, List<Sms> all, int page, int pageSize) {
        int start = (int) Math.min((long) page * pageSize, all.size());
        int end = Math.min(start + pageSize, all.size());
        String base = request.getRawPath() + "?" + Stream.ofNullable(request.getRawQuery())
                .flatMap(query -> Stream.of(query.split("&")))
                .filter(pair -> !pair.startsWith("Page=") && !pair.startsWith("PageSize=") && !pair.isEmpty())
                .map(pair -> pair + "&").collect(Collectors.joining()) + "PageSize=" + pageSize + "&Page=";
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("end", Math.max(start, end - 1));
        p.put("first_page_uri", base + 0);
        p.put("messages", all.subList(start, end).stream().map(TwilioFormat::resource).toList());
        p.put("next_page_uri", end < all.size() ? base + (page + 1) : null);
        p.put("page", page);
        p.put("page_size", pageSize);
        p.put("previous_page_uri", page > 0 ? base + (page - 1) : null);
        p.put("start", start);
        p.put("uri", base + page);
        return p;
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
