package io.trackline.devsinks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Imitates the part of Twilio's Messages API that notification-service uses: create a message (form body, basic
 * auth), answer like Twilio, and report {@code delivered} to the StatusCallback about a second later. Keeps the
 * newest {@code keep} messages in memory. {@code /api/faults} makes it fail or answer late ({@link SmsFaults}).
 */
final class SmsSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmsSink.class);
    private static final Pattern CREATE = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages\\.json$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final DateTimeFormatter TWILIO_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    // GSM 03.38: a body using only these fits 160 characters per SMS (153 when split); anything else is UCS-2.
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENDED = "^{}\\[~]|€\f";

    /** One received SMS. Status and callback outcome change after the fact, hence a class with volatile fields. */
    static final class Sms {
        public final String sid;
        public final String accountSid;
        public final Instant receivedAt;
        public final String from;
        public final String to;
        public final String body;
        public final int numSegments;
        public final String statusCallback;
        /** The {@code n} query parameter of the StatusCallback URL (notification-service's notification id). */
        public final String notificationId;
        public volatile String status = "queued";
        public volatile String callbackResult;

        Sms(String sid, String accountSid, String from, String to, String body, String statusCallback) {
            this.sid = sid;
            this.accountSid = accountSid;
            this.receivedAt = Instant.now();
            this.from = from;
            this.to = to;
            this.body = body;
            this.numSegments = segments(body);
            this.statusCallback = statusCallback;
            this.notificationId = queryParameter(statusCallback, "n");
        }
    }

    private final Deque<Sms> messages = new ArrayDeque<>();
    private final SecureRandom random = new SecureRandom();
    private final HttpServer http;
    private final ScheduledExecutorService scheduler;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final long callbackDelayMillis;
    private final int keep;
    private final SmsFaults faults;

    SmsSink(String host, int port, int keep, ExecutorService executor, ScheduledExecutorService scheduler,
            long callbackDelayMillis) throws IOException {
        this.scheduler = scheduler;
        this.callbackDelayMillis = callbackDelayMillis;
        this.keep = keep;
        this.faults = new SmsFaults(scheduler);
        http = HttpServer.create(new InetSocketAddress(host, port), 0);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    List<Sms> newestFirst() {
        synchronized (messages) {
            return new ArrayList<>(messages);
        }
    }

    void purge() {
        synchronized (messages) {
            messages.clear();
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            Matcher create = CREATE.matcher(path);
            if (create.matches()) {
                if (method.equals("POST")) {
                    create(ex, create.group(1));
                } else {
                    Web.json(ex, 405, error(20004, "Method not allowed", 405));
                }
            } else if (path.equals("/api/faults")) {
                faults.handle(ex);
            } else if (path.equals("/api/messages")) {
                switch (method) {
                    case "GET" -> Web.json(ex, 200, newestFirst());
                    case "DELETE" -> {
                        purge();
                        Web.noContent(ex);
                    }
                    default -> Web.json(ex, 405, Map.of("message", "GET or DELETE"));
                }
            } else if (path.equals("/") && method.equals("GET")) {
                Web.html(ex, 200, listPage());
            } else if (path.equals("/clear") && method.equals("POST")) {
                purge();
                Web.redirect(ex, "/");
            } else {
                Web.json(ex, 404, error(20404, "The requested resource " + path + " was not found", 404));
            }
        }
    }

    private void create(HttpExchange ex, String accountSid) throws IOException {
        if (!authenticated(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
            Web.json(ex, 401, error(20003, "Authenticate", 401));
            return;
        }
        Map<String, String> form = Web.form(ex);
        String to = form.getOrDefault("To", "").trim();
        String from = form.getOrDefault("From", form.getOrDefault("MessagingServiceSid", "")).trim();
        String body = form.getOrDefault("Body", "");
        if (to.isEmpty()) {
            Web.json(ex, 400, error(21604, "A 'To' phone number is required.", 400));
        } else if (!E164.matcher(to).matches()) {
            Web.json(ex, 400, error(21211, "The 'To' number " + to + " is not a valid phone number.", 400));
        } else if (from.isEmpty()) {
            Web.json(ex, 400, error(21603, "A 'From' phone number is required.", 400));
        } else if (body.isEmpty()) {
            Web.json(ex, 400, error(21602, "Message body is required.", 400));
        } else if (body.length() > 1600) {
            Web.json(ex, 400, error(21617, "The concatenated message body exceeds the 1600 character limit.", 400));
        } else {
            accept(ex, accountSid, from, to, body, form.get("StatusCallback"));
        }
    }

    /** A valid, authenticated create: recorded and answered 201, unless a fault says otherwise. */
    private void accept(HttpExchange ex, String accountSid, String from, String to, String body, String callback)
            throws IOException {
        SmsFaults.Fault fault = faults.fault();
        switch (fault.mode()) {
            case ERROR_500 -> {
                faults.refused.incrementAndGet();
                LOG.info("sms to {} refused: fault ERROR_500", to);
                Web.json(ex, 500, error(20500, "Internal Server Error", 500));
                return;
            }
            case TOO_MANY_REQUESTS -> {
                faults.refused.incrementAndGet();
                LOG.info("sms to {} refused: fault TOO_MANY_REQUESTS", to);
                ex.getResponseHeaders().set("Retry-After", Long.toString(fault.retryAfterSeconds()));
                Web.json(ex, 429, error(20429, "Too Many Requests", 429));
                return;
            }
            default -> {
            }
        }
        Sms sms = new Sms("SM" + hex32(), accountSid, from, to, body,
                callback == null || callback.isBlank() ? null : callback.trim());
        synchronized (messages) {
            messages.addFirst(sms);
            while (messages.size() > keep) {
                messages.removeLast();
            }
        }
        LOG.info("sms {} to {}: {}", sms.sid, to, body);
        scheduler.schedule(() -> deliver(sms), callbackDelayMillis, TimeUnit.MILLISECONDS);
        if (fault.mode() == SmsFaults.Mode.SLOW_ACCEPT) {
            faults.slowAnswers.incrementAndGet();
            try {
                Thread.sleep(fault.replyDelayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Web.json(ex, 201, twilioResource(sms));
            } catch (IOException e) {
                LOG.info("late answer for {} not delivered (client gone): {}", sms.sid, e.toString());
            }
            return;
        }
        Web.json(ex, 201, twilioResource(sms));
    }

    /** The first value of {@code name} in the URL's query; null if none or not a URL. */
    static String queryParameter(String url, String name) {
        if (url == null) {
            return null;
        }
        String query;
        try {
            query = URI.create(url).getRawQuery();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    /** Twilio accepts an account SID or API key as user and a token or secret as password: any non-empty pair. */
    private static boolean authenticated(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon > 0 && colon < decoded.length() - 1;
    }

    /** The phone "delivers" the message; the sender learns it through its StatusCallback, if it gave one. */
    private void deliver(Sms sms) {
        sms.status = "delivered";
        if (sms.statusCallback == null) {
            return;
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("MessageSid", sms.sid);
        form.put("SmsSid", sms.sid);
        form.put("AccountSid", sms.accountSid);
        form.put("From", sms.from);
        form.put("To", sms.to);
        form.put("MessageStatus", "delivered");
        form.put("SmsStatus", "delivered");
        form.put("ApiVersion", "2010-04-01");
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(sms.statusCallback))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                // Best effort, like Twilio: a failed callback is logged and shown, never retried.
                if (failure != null) {
                    sms.callbackResult = "failed: " + failure;
                    LOG.warn("status callback for {} to {} failed: {}", sms.sid, sms.statusCallback, failure.toString());
                } else {
                    sms.callbackResult = "HTTP " + response.statusCode();
                    if (response.statusCode() >= 300) {
                        LOG.warn("status callback for {} to {} answered {}", sms.sid, sms.statusCallback,
                                response.statusCode());
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            sms.callbackResult = "failed: bad URL";
            LOG.warn("status callback URL of {} is not usable: {}", sms.sid, sms.statusCallback);
        }
    }

    private Map<String, Object> twilioResource(Sms sms) {
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

    private static Map<String, Object> error(int code, String message, int status) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        e.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        e.put("status", status);
        return e;
    }

    private String hex32() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
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

    private String listPage() {
        List<Sms> all = newestFirst();
        StringBuilder b = new StringBuilder("<h1>Trackline SMS sink</h1><p class=\"muted\">Twilio-like API at POST ")
                .append("/2010-04-01/Accounts/{AccountSid}/Messages.json, ").append(all.size())
                .append(" message(s), refreshes every 5 s.</p>")
                .append("<form method=\"post\" action=\"/clear\"><button>Delete all</button></form>")
                .append("<table><tr><th>Received</th><th>From</th><th>To</th><th>Message</th><th>Segments</th>")
                .append("<th>Status</th><th>Status callback</th></tr>");
        for (Sms s : all) {
            b.append("<tr><td class=\"wrap\">").append(Web.esc(Web.time(s.receivedAt))).append("<br><span class=\"muted\">")
                    .append(Web.esc(s.sid)).append("</span></td><td>").append(Web.esc(s.from)).append("</td><td>")
                    .append(Web.esc(s.to)).append("</td><td class=\"body\">").append(Web.esc(s.body)).append("</td><td>")
                    .append(s.numSegments).append("</td><td>").append(Web.esc(s.status)).append("</td><td class=\"wrap\">")
                    .append(s.statusCallback == null ? "<span class=\"muted\">none</span>"
                            : Web.esc(s.statusCallback) + "<br>" + Web.esc(s.callbackResult == null ? "pending"
                            : s.callbackResult))
                    .append("</td></tr>");
        }
        if (all.isEmpty()) {
            b.append("<tr><td colspan=\"7\" class=\"muted\">No SMS yet.</td></tr>");
        }
        return Web.page("SMS (" + all.size() + ")", true, b.append("</table>").toString());
    }
}
