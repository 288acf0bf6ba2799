package io.trackline.devsinks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpHandler;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.user.GreenMailUser;
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
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real SMTP server (GreenMail, no authentication, any recipient) and a web inbox showing what it received.
 * Messages are kept in memory only, the newest {@code keep} of them: a load test must not exhaust the heap.
 * {@code /api/faults} makes the SMTP server go down or reply slowly ({@link MailFaults}).
 */
final class MailInbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MailInbox.class);

    /** One received message, once per SMTP transaction (not once per recipient); the JSON API shape. */
    record Mail(String id, Instant receivedAt, String from, List<String> to, String subject, String text,
                String html, String messageId, String notificationId,
                @JsonIgnore List<Map.Entry<String, String>> headers) {
    }

    private final Deque<Mail> mails = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private final int keep;
    private final String host;
    private final Managers managers = new Managers();
    private final SmtpManager slowReplyingManager;
    private final MailFaults faults;
    private final HttpServer http;
    private SmtpServer smtp; // null while DOWN; guarded by this
    private int smtpPort;

    MailInbox(String host, int smtpPort, int webPort, int keep, ExecutorService executor,
              ScheduledExecutorService scheduler) throws IOException {
        this.keep = keep;
        this.host = host;
        this.smtpPort = smtpPort;
        managers.getUserManager().setAuthRequired(false);
        // Every recipient of a transaction is handed to one user that records the message once (GreenMail would
        // otherwise store a copy per recipient mailbox and keep all of them forever).
        SinkUser sink = new SinkUser();
        managers.getUserManager().setMessageDeliveryHandler((message, recipient) -> sink);
        // GreenMail's DATA command records the message (SmtpManager.send, which holds the manager's lock while
        // it delivers) and only then sends "250 OK": a pause after send, outside that lock, delays just the reply.
        slowReplyingManager = new SmtpManager(managers.getImapHostManager(), managers.getUserManager()) {
            @Override
            public void send(SmtpState state) {
                super.send(state);
                pause(faults.replyDelayMillis());
            }
        };
        faults = new MailFaults(scheduler, this::smtpMode);
        startSmtp();
        try {
            http = HttpServer.create(new InetSocketAddress(host, webPort), 0);
        } catch (IOException e) {
            stopSmtp();
            throw e;
        }
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
    }

    synchronized int smtpPort() {
        return smtpPort;
    }

    /** Listening unless DOWN; always on the same port, so a client's configuration stays right. */
    private synchronized void smtpMode(MailFaults.Smtp mode) {
        if (mode == MailFaults.Smtp.DOWN) {
            stopSmtp();
        } else if (smtp == null) {
            startSmtp();
        }
    }

    private synchronized void startSmtp() {
        ServerSetup setup = new ServerSetup(smtpPort, host, ServerSetup.PROTOCOL_SMTP);
        SmtpServer server = new SmtpServer(setup, managers) {
            @Override
            protected ProtocolHandler createProtocolHandler(Socket socket) {
                return new SmtpHandler(new SmtpCommandRegistry(), slowReplyingManager, socket);
            }
        };
        server.startService();
        boolean running;
        try {
            running = server.waitTillRunning(setup.getServerStartupTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        if (!running) {
            server.stopService();
            throw new IllegalStateException("could not start the SMTP server on " + host + ":" + smtpPort);
        }
        smtp = server;
        smtpPort = server.getPort();
        LOG.info("SMTP listening on {}:{}", host, smtpPort);
    }

    private synchronized void stopSmtp() {
        if (smtp != null) {
            smtp.stopService();
            smtp = null;
            LOG.info("SMTP stopped");
        }
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
        stopSmtp();
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
                    Optional.ofNullable(message.getSubject()).orElse(""), bodies.text, bodies.html,
                    header(message, "Message-ID"), header(message, "X-Trackline-Notification"), headers);
            synchronized (mails) {
                mails.addFirst(mail);
                while (mails.size() > keep) {
                    mails.removeLast();
                }
            }
            LOG.info("mail {} to {}: {}", mail.id(), to, mail.subject());
        } catch (MessagingException | IOException e) {
            LOG.warn("could not read a received message", e);
        }
    }

    /** The first value of a header, unfolded and trimmed; null if absent. */
    private static String header(MimeMessage message, String name) throws MessagingException {
        String[] values = message.getHeader(name);
        return values == null || values.length == 0 ? null : values[0].replaceAll("\r?\n", "").trim();
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
            if (path.equals("/api/faults")) {
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
