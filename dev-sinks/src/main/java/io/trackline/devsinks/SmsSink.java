package io.trackline.devsinks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imitates the part of Twilio's Messages API that notification-service uses: create a message (form body, basic
 * auth), answer like Twilio, report {@code delivered} to the StatusCallback about a second later, and list the
 * messages ({@code GET .../Messages.json}, Twilio's filters and paging). Keeps the
 * newest {@code keep} messages in memory. {@code /api/faults} makes it fail or answer late ({@link SmsFaults}).
 */
final class SmsSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmsSink.class);
    private static final Pattern CREATE = Pattern.compile("^/2010-04-01/Accounts/([^/]+)/Messages\\.json$");
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private final Deque<Sms> messages = new ArrayDeque<>();
    private final HttpServer http;
    private final ScheduledExecutorService scheduler;
    private final StatusCallbacks callbacks = new StatusCallbacks();
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
                switch (method) {
                    case "POST" -> create(ex, create.group(1));
                    case "GET" -> list(ex, create.group(1));
                    default -> Web.json(ex, 405, TwilioFormat.error(20004, "Method not allowed", 405));
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
                Web.html(ex, 200, SmsPages.list(newestFirst()));
            } else if (path.equals("/clear") && method.equals("POST")) {
                purge();
                Web.redirect(ex, "/");
            } else {
                Web.json(ex, 404, TwilioFormat.error(20404, "The requested resource " + path + " was not found", 404));
            }
        }
    }

    private void create(HttpExchange ex, String accountSid) throws IOException {
        if (!authenticated(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
            Web.json(ex, 401, TwilioFormat.error(20003, "Authenticate", 401));
            return;
        }
        Map<String, String> form = Web.form(ex);
        String to = form.getOrDefault("To", "").trim();
        String from = form.getOrDefault("From", form.getOrDefault("MessagingServiceSid", "")).trim();
        String body = form.getOrDefault("Body", "");
        if (to.isEmpty()) {
            Web.json(ex, 400, TwilioFormat.error(21604, "A 'To' phone number is required.", 400));
        } else if (!E164.matcher(to).matches()) {
            Web.json(ex, 400, TwilioFormat.error(21211, "The 'To' number " + to + " is not a valid phone number.", 400));
        } else if (from.isEmpty()) {
            Web.json(ex, 400, TwilioFormat.error(21603, "A 'From' phone number is required.", 400));
        } else if (body.isEmpty()) {
            Web.json(ex, 400, TwilioFormat.error(21602, "Message body is required.", 400));
        } else if (body.length() > 1600) {
            Web.json(ex, 400, TwilioFormat.error(21617, "The concatenated message body exceeds the 1600 character limit.", 400));
        } else {
            accept(ex, accountSid, from, to, body, form.get("StatusCallback"));
        }
    }

    /**
     * Twilio's "read multiple Message resources": the account's messages, newest first, filtered by {@code To},
     * {@code From} and {@code DateSent} (YYYY-MM-DD, UTC), in pages of {@code PageSize} (50, at most 1000) chosen by
     * {@code Page}, with {@code next_page_uri} while more follow.
     */
    private void list(HttpExchange ex, String accountSid) throws IOException {
        if (!authenticated(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Twilio API\"");
            Web.json(ex, 401, TwilioFormat.error(20003, "Authenticate", 401));
            return;
        }
        String url = ex.getRequestURI().toString();
        String to = Web.queryParameter(url, "To");
        String from = Web.queryParameter(url, "From");
        String dateSent = Web.queryParameter(url, "DateSent");
        int pageSize;
        int page;
        try {
            pageSize = Math.max(1, Math.min(1000, Integer.parseInt(Objects.requireNonNullElse(
                    Web.queryParameter(url, "PageSize"), "50"))));
            page = Math.max(0, Integer.parseInt(Objects.requireNonNullElse(Web.queryParameter(url, "Page"), "0")));
        } catch (NumberFormatException e) {
            Web.json(ex, 400, TwilioFormat.error(20001, "PageSize and Page must be numbers", 400));
            return;
        }
        List<Sms> matching = newestFirst().stream()
                .filter(sms -> sms.accountSid.equals(accountSid))
                .filter(sms -> to == null || to.equals(sms.to))
                .filter(sms -> from == null || from.equals(sms.from))
                .filter(sms -> dateSent == null || (sms.sentAt != null
                        && sms.sentAt.atZone(ZoneOffset.UTC).toLocalDate().toString().equals(dateSent)))
                .toList();
        Web.json(ex, 200, TwilioFormat.page(ex.getRequestURI(), matching, page, pageSize));
    }

    /** A valid, authenticated create: recorded and answered 201, unless a fault says otherwise. */
    private void accept(HttpExchange ex, String accountSid, String from, String to, String body, String callback)
            throws IOException {
        SmsFaults.Fault fault = faults.fault();
        switch (fault.mode()) {
            case ERROR_500 -> {
                faults.refused.incrementAndGet();
                LOG.info("sms to {} refused: fault ERROR_500", to);
                Web.json(ex, 500, TwilioFormat.error(20500, "Internal Server Error", 500));
                return;
            }
            case TOO_MANY_REQUESTS -> {
                faults.refused.incrementAndGet();
                LOG.info("sms to {} refused: fault TOO_MANY_REQUESTS", to);
                ex.getResponseHeaders().set("Retry-After", Long.toString(fault.retryAfterSeconds()));
                Web.json(ex, 429, TwilioFormat.error(20429, "Too Many Requests", 429));
                return;
            }
            default -> {
            }
        }
        Sms sms = new Sms(TwilioFormat.newMessageSid(), accountSid, from, to, body,
                callback == null || callback.isBlank() ? null : callback.trim());
        synchronized (messages) {
            messages.addFirst(sms);
            while (messages.size() > keep) {
                messages.removeLast();
            }
        }
        LOG.info("sms {} to {}: {}", sms.sid, to, body);
        scheduler.schedule(() -> callbacks.deliver(sms), callbackDelayMillis, TimeUnit.MILLISECONDS);
        if (fault.mode() == SmsFaults.Mode.SLOW_ACCEPT) {
            faults.slowAnswers.incrementAndGet();
            try {
                Thread.sleep(fault.replyDelayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                Web.json(ex, 201, TwilioFormat.resource(sms));
            } catch (IOException e) {
                LOG.info("late answer for {} not delivered (client gone): {}", sms.sid, e.toString());
            }
            return;
        }
        Web.json(ex, 201, TwilioFormat.resource(sms));
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
}
