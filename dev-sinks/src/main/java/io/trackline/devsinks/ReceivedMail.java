package io.trackline.devsinks;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads what the SMTP server received into the inbox's {@link MailInbox.Mail}: envelope, headers and bodies. */
final class ReceivedMail {

    private ReceivedMail() {
    }

    static MailInbox.Mail read(String id, MovingMessage moving) throws MessagingException, IOException {
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
        return new MailInbox.Mail(id, Instant.now(), sender, to,
                Optional.ofNullable(message.getSubject()).orElse(""), bodies.text, bodies.html,
                header(message, "Message-ID"), header(message, "X-Trackline-Notification"), headers);
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
}
