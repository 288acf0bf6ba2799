package io.trackline.devsinks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.server.ProtocolHandler;
import com.icegreen.greenmail.smtp.SmtpHandler;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.smtp.commands.SmtpCommandRegistry;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
        SinkUser sink = new SinkUser(this::record);
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
            Mail mail = ReceivedMail.read(Long.toString(ids.incrementAndGet()), moving);
            synchronized (mails) {
                mails.addFirst(mail);
                while (mails.size() > keep) {
                    mails.removeLast();
                }
            }
            LOG.info("mail {} to {}: {}", mail.id(), mail.to(), mail.subject());
        } catch (MessagingException | IOException e) {
            LOG.warn("could not read a received message", e);
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
                Web.html(ex, 200, MailPages.list(newestFirst(), smtpPort()));
            } else if (path.equals("/clear") && method.equals("POST")) {
                purge();
                Web.redirect(ex, "/");
            } else if (path.startsWith("/messages/") && method.equals("GET")) {
                String id = path.substring("/messages/".length());
                Optional<Mail> mail = newestFirst().stream().filter(m -> m.id().equals(id)).findFirst();
                if (mail.isPresent()) {
                    Web.html(ex, 200, MailPages.message(mail.get()));
                } else {
                    Web.html(ex, 404, Web.page("Not found", false,
                            "<p>No message " + Web.esc(id) + " (purged?). <a href=\"/\">Inbox</a></p>"));
                }
            } else {
                Web.html(ex, 404, Web.page("Not found", false, "<p>Not found. <a href=\"/\">Inbox</a></p>"));
            }
        }
    }
}
