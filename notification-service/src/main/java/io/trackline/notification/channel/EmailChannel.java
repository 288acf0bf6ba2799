package io.trackline.notification.channel;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.trackline.notification.Notification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Email over SMTP (quarkus-mailer): HTML and plain-text alternative. */
@ApplicationScoped
public class EmailChannel {

    /** An SMTP 5xx reply other than 421-style "try later" means the server will refuse again. */
    private static final Pattern PERMANENT_REPLY = Pattern.compile("(^|\\D)5[0-5][0-9][ -]");

    @Inject
    Mailer mailer;

    public Sent send(Notification n) throws SendFailure {
        List<String> to = Arrays.stream(n.recipient.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        Mail mail = new Mail().setTo(to).setSubject(n.subject).setText(n.body).setHtml(n.htmlBody)
                .addHeader("X-Trackline-Notification", n.id.toString());
        try {
            mailer.send(mail);
            return new Sent("smtp", n.id.toString(), null);
        } catch (RuntimeException e) {
            String message = rootMessage(e);
            throw new SendFailure("SMTP: " + message, !PERMANENT_REPLY.matcher(message).find(), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
