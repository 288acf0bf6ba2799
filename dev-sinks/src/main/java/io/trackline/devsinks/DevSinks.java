package io.trackline.devsinks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Local stand-ins for the outside world notification-service talks to: an SMTP server with a web inbox, and a
 * Twilio-like SMS API with a web page. For people and scripts on this machine only: binds to 127.0.0.1.
 *
 * <p>Settings (system property, or {@code --name=value} argument; defaults in brackets): {@code devsinks.host}
 * [127.0.0.1], {@code devsinks.smtp.port} [3025], {@code devsinks.inbox.port} [8025], {@code devsinks.sms.port}
 * [8026], {@code devsinks.sms.callback-delay-ms} [1000], {@code devsinks.keep} [2000] (messages each sink keeps).
 * Port 0 picks a free port.
 */
public final class DevSinks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevSinks.class);

    private final ExecutorService http = Executors.newCachedThreadPool(daemon("dev-sinks-http"));
    static final int DEFAULT_KEEP = 2000;

    /** SMS status callbacks and the clearing of faults set with forMillis. */
    private final ScheduledExecutorService callbacks =
            Executors.newSingleThreadScheduledExecutor(daemon("dev-sinks-scheduler"));
    private final String host;
    private final MailInbox mail;
    private final SmsSink sms;

    public DevSinks(String host, int smtpPort, int inboxPort, int smsPort, long callbackDelayMillis)
            throws IOException {
        this(host, smtpPort, inboxPort, smsPort, callbackDelayMillis, DEFAULT_KEEP);
    }

    /** @param keep how many messages each sink keeps in memory (the newest) */
    public DevSinks(String host, int smtpPort, int inboxPort, int smsPort, long callbackDelayMillis, int keep)
            throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, got " + keep);
        }
        this.host = host;
        MailInbox startedMail = null;
        try {
            startedMail = new MailInbox(host, smtpPort, inboxPort, keep, http, callbacks);
            this.sms = new SmsSink(host, smsPort, keep, http, callbacks, callbackDelayMillis);
        } catch (IOException | RuntimeException e) {
            // A taken port must not leave the other sink (or GreenMail's threads) running.
            if (startedMail != null) {
                startedMail.close();
            }
            http.shutdownNow();
            callbacks.shutdownNow();
            throw e;
        }
        this.mail = startedMail;
    }

    public int smtpPort() {
        return mail.smtpPort();
    }

    public int inboxPort() {
        return mail.webPort();
    }

    public int smsPort() {
        return sms.port();
    }

    public String inboxUrl() {
        return "http://" + host + ":" + inboxPort() + "/";
    }

    public String smsUrl() {
        return "http://" + host + ":" + smsPort() + "/";
    }

    @Override
    public void close() {
        sms.close();
        mail.close();
        callbacks.shutdownNow();
        http.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        DevSinks sinks;
        try {
            Map<String, String> settings = settings(args);
            sinks = new DevSinks(settings.getOrDefault("devsinks.host", "127.0.0.1"),
                    Integer.parseInt(settings.getOrDefault("devsinks.smtp.port", "3025")),
                    Integer.parseInt(settings.getOrDefault("devsinks.inbox.port", "8025")),
                    Integer.parseInt(settings.getOrDefault("devsinks.sms.port", "8026")),
                    Long.parseLong(settings.getOrDefault("devsinks.sms.callback-delay-ms", "1000")),
                    Integer.parseInt(settings.getOrDefault("devsinks.keep", Integer.toString(DEFAULT_KEEP))));
        } catch (IllegalArgumentException e) {
            System.err.println("dev-sinks: " + e.getMessage()
                    + "\nusage: java -jar dev-sinks.jar [--smtp.port=3025] [--inbox.port=8025] [--sms.port=8026]"
                    + " [--host=127.0.0.1] [--sms.callback-delay-ms=1000] [--keep=2000]");
            System.exit(2);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("dev-sinks could not start (port already in use?): " + e);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and Ctrl-C run shutdown hooks: close the sockets so a restart finds the ports free.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            sinks.close();
            stopped.countDown();
        }, "dev-sinks-shutdown"));
        System.out.println("dev-sinks started");
        System.out.println("  SMTP server : " + sinks.host + ":" + sinks.smtpPort() + " (no auth, any recipient)");
        System.out.println("  Mail inbox  : " + sinks.inboxUrl() + "   (JSON: " + sinks.inboxUrl() + "api/messages)");
        System.out.println("  SMS sink    : " + sinks.smsUrl() + "   (Twilio-like: POST " + sinks.smsUrl()
                + "2010-04-01/Accounts/{AccountSid}/Messages.json, JSON: " + sinks.smsUrl() + "api/messages)");
        System.out.flush();
        stopped.await();
    }

    /** System properties first, then {@code --devsinks.x=v} or {@code --x=v} arguments override them. */
    static Map<String, String> settings(String[] args) {
        Map<String, String> settings = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("devsinks."))
                .forEach(k -> settings.put(k, System.getProperty(k)));
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            String name = arg.substring(2, arg.indexOf('='));
            settings.put(name.startsWith("devsinks.") ? name : "devsinks." + name, arg.substring(arg.indexOf('=') + 1));
        }
        return settings;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
