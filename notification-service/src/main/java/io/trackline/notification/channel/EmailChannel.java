package io.trackline.notification.channel;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.trackline.notification.Notification;
import io.trackline.notification.config.NotificationConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Email over SMTP (quarkus-mailer): HTML and plain-text alternative. Every message carries a Message-ID made from
 * its notification id, the same on every attempt, so a receiver that got an attempt we could not confirm can tell
 * the next one is the same message.
 */
@ApplicationScoped
public class EmailChannel {

    /** An SMTP 5xx reply other than 421-style "try later" means the server will refuse again. */
    private static final Pattern PERMANENT_REPLY = Pattern.compile("(^|\\D)5[0-5][0-9][ -]");

    @Inject
    Mailer mailer;

    @Inject
    NotificationConfig config;

    @ConfigProperty(name = "quarkus.mailer.from")
    String from;

    private String messageIdDomain;

    @PostConstruct
    void chooseMessageIdDomain() {
        messageIdDomain = config.messageIdDomain().orElseGet(() -> domainOf(from));
    }

    public Sent send(Notification n) throws SendFailure {
        List<String> to = Arrays.stream(n.recipient.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        Mail mail = new Mail().setTo(to).setSubject(n.subject).setText(n.body).setHtml(n.htmlBody)
                .addHeader("Message-ID", messageId(n))
                .addHeader("X-Trackline-Notification", n.id.toString());
        try {
            mailer.send(mail);
            return new Sent("smtp", n.id.toString(), null);
        } catch (RuntimeException e) {
            String message = "SMTP: " + rootMessage(e);
            if (causedByTimeout(e)) {
                // the server may have taken the message and not answered in time: the next attempt may duplicate it
                throw SendFailure.unconfirmed(message + " (no answer within the mailer's timeout)", e);
            }
            throw PERMANENT_REPLY.matcher(message).find() ? SendFailure.permanent(message, e)
                    : SendFailure.transientFailure(message, e);
        }
    }

    /** {@code <notification-id@domain>}: stable across attempts, on our own domain. */
    public String messageId(Notification n) {
        return "<" + n.id + "@" + messageIdDomain + ">";
    }

    /** The domain of the sender address ({@code Trackline <noreply@trackline.example>} gives trackline.example). */
    static String domainOf(String address) {
        String bare = address.replaceAll("^.*<|>.*$", "").trim();
        int at = bare.lastIndexOf('@');
        if (at < 0 || at == bare.length() - 1) {
            throw new IllegalStateException("quarkus.mailer.from has no domain: set trackline.notification.message-id-domain");
        }
        return bare.substring(at + 1);
    }

    private static boolean causedByTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // the blocking mailer's own timeout (Mutiny's), or one from below it
            if (t instanceof io.smallrye.mutiny.TimeoutException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
