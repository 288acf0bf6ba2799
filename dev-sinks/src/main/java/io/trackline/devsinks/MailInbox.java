package io.trackline.devsinks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real SMTP server (GreenMail, no authentication, any recipient) and a web inbox showing what it received.
 * Messages are kept in memory only, newest {@value #KEEP} of them: a load test must not exhaust the heap.
 */
final class MailInbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MailInbox.class);
    static final int KEEP = 2000;

    /** One received message, once per SMTP transaction (not once per recipient); the JSON API shape. */
    record Mail(String id, Instant receivedAt, String from, List<String> to, String subject, String text,
                String html, @JsonIgnore List<Map.Entry<String, String>> headers) {
    }

    private final Deque<Mail> mails = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private final GreenMail greenMail;
    private final HttpServer http;

    MailInbox(String host, int smtpPort, int webPort, ExecutorService executor) throws IOException {
        greenMail = new GreenMail(new ServerSetup(smtpPort, host, ServerSetup.PROTOCOL_SMTP));
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        // Every recipient of a transaction is handed to one user that records the message once (GreenMail would
        // otherwise store a copy per recipient mailbox and keep all of them forever).
        SinkUser sink = new SinkUser();
        greenMail.getUserManager().setMessageDeliveryHandler((message, recipient) -> sink);

        http = HttpServer.create(new InetSocketAddress(host, webPort), 0);
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    int webPort() {
        return http.getAddress().getPort();
    }

    List<Mail> newestFirst() {
        synchronized (mails) {
            return new ArrayList<>(mails);
        }
    }

    void purge() {
        synchronized (mails) {
            mails.clear();
        }
    }

    @Override
    public void close() {
        http.stop(0);
        greenMail.stop();
    }

    private void record(MovingMessage moving) {
        try {
            MimeMessage message = moving.getMessage();
            List<String> to = moving.getToAddresses().stream().map(MailAddress::getEmail).toList();
            Address[] from = message.getFrom();
            String sender = from != null && from.length > 0
                    ? (from[0] instanceof InternetAddress a ? a.toUnicodeString() : from[0].toString())
                    : moving.getReturnPath() != null ? moving.getReturnPath().getEmail() : "";
            Bodies bodies = new Bodies();
            bodies.collect(message);
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (Enumeration<Header> e = message.getAllHeaders(); e.hasMoreElements(); ) {
                Header h = e.nextElement();
                headers.add(Map.entry(h.getName(), h.getValue()));
            }
            Mail mail = new Mail(Long.toString(ids.incrementAndGet()), Instant.now(), sender, to,
                    Optional.ofNullable(message.getSubject()).orElse(""), bodies.text, bodies.html, headers);
            synchronized (mails) {
                mails.addFirst(mail);
                while (mails.size() > KEEP) {
                    mails.removeLast();
                }
            }
            LOG.info("mail {} to {}: {}", mail.id(), to, mail.subject());
        } catch (MessagingException | IOException e) {
            LOG.warn("could not read a received message", e);
        }
    }

    /** The first text/plain and text/html parts that are not attachments. */
    private static final class Bodies {
        String text;
        String html;

        void collect(Part part) throws MessagingException, IOException {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return;
            }
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart child = multipart.getBodyPart(i);
                    collect(child);
                }
            } else if (part.isMimeType("text/plain") && text == null) {
                text = part.getContent().toString();
            } else if (part.isMimeType("text/html") && html == null) {
                html = part.getContent().toString();
            }
        }
    }

    // ---- web inbox ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/api/messages")) {
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
            } else if (path.startsWith("/messages/") && method.equals("GET")) {
                String id = path.substring("/messages/".length());
                Optional<Mail> mail = newestFirst().stream().filter(m -> m.id().equals(id)).findFirst();
                if (mail.isPresent()) {
                    Web.html(ex, 200, messagePage(mail.get()));
                } else {
                    Web.html(ex, 404, Web.page("Not found", false,
                            "<p>No message " + Web.esc(id) + " (purged?). <a href=\"/\">Inbox</a></p>"));
                }
            } else {
                Web.html(ex, 404, Web.page("Not found", false, "<p>Not found. <a href=\"/\">Inbox</a></p>"));
            }
        }
    }

    private String listPage() {
        List<Mail> all = newestFirst();
        StringBuilder b = new StringBuilder("<h1>Trackline dev inbox</h1><p class=\"muted\">SMTP on port ")
                .append(smtpPort()).append(", ").append(all.size()).append(" message(s), refreshes every 5 s.</p>")
                .append("<form method=\"post\" action=\"/clear\"><button>Delete all</button></form>")
                .append("<table><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr>");
        for (Mail m : all) {
            b.append("<tr><td>").append(Web.esc(Web.time(m.receivedAt()))).append("</td><td>")
                    .append(Web.esc(m.from())).append("</td><td>").append(Web.esc(String.join(", ", m.to())))
                    .append("</td><td><a href=\"/messages/").append(Web.esc(m.id())).append("\">")
                    .append(Web.esc(m.subject().isEmpty() ? "(no subject)" : m.subject())).append("</a></td></tr>");
        }
        if (all.isEmpty()) {
            b.append("<tr><td colspan=\"4\" class=\"muted\">No mail yet.</td></tr>");
        }
        return Web.page("Inbox (" + all.size() + ")", true, b.append("</table>").toString());
    }

    private String messagePage(Mail m) {
        StringBuilder b = new StringBuilder("<p><a href=\"/\">&larr; Inbox</a></p><h1>")
                .append(Web.esc(m.subject())).append("</h1><table>");
        b.append("<tr><th>Received</th><td>").append(Web.esc(Web.time(m.receivedAt()))).append("</td></tr>");
        b.append("<tr><th>Envelope to</th><td>").append(Web.esc(String.join(", ", m.to()))).append("</td></tr>");
        for (Map.Entry<String, String> h : m.headers()) {
            b.append("<tr><th>").append(Web.esc(h.getKey())).append("</th><td>").append(Web.esc(h.getValue()))
                    .append("</td></tr>");
        }
        b.append("</table>");
        if (m.html() != null) {
            // The mail's HTML runs in a sandbox without scripts or same-origin rights; <base target=_blank>
            // makes its links (the tracking link a customer clicks) open in a new tab outside the sandbox.
            b.append("<h2>HTML</h2><iframe sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\"")
                    .append(Web.esc("<base target=\"_blank\">" + m.html())).append("\"></iframe>");
        }
        if (m.text() != null) {
            b.append("<h2>Text</h2><pre>").append(Web.esc(m.text())).append("</pre>");
        }
        if (m.html() == null && m.text() == null) {
            b.append("<p class=\"muted\">No text or HTML part.</p>");
        }
        return Web.page(m.subject(), false, b.toString());
    }

    /** The one "user" all mail is delivered to: records each SMTP transaction once and stores nothing else. */
    private final class SinkUser implements GreenMailUser {
        // GreenMail delivers a transaction to its recipients one after another on one thread (SmtpManager.send
        // is synchronized), so remembering the last message is enough to record each transaction once.
        private MovingMessage last;

        @Override
        public synchronized void deliver(MovingMessage message) {
            if (message != last) {
                last = message;
                record(message);
            }
        }

        @Override
        public void deliver(MimeMessage message) {
            MovingMessage moving = new MovingMessage();
            moving.setMimeMessage(message);
            deliver(moving);
        }

        @Override
        public String getEmail() {
            return "sink@localhost";
        }

        @Override
        public String getLogin() {
            return "sink";
        }

        @Override
        public void create() {
        }

        @Override
        public void delete() {
        }

        @Override
        public String getPassword() {
            return "";
        }

        @Override
        public void setPassword(String password) {
        }

        @Override
        public void authenticate(String password) {
        }

        @Override
        public String getQualifiedMailboxName() {
            return "sink";
        }
    }
}
