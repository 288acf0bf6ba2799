package io.trackline.devsinks;

import java.util.List;
import java.util.Map;

/** The web inbox's HTML pages: the list of received mail and one mail. Everything from outside is escaped. */
final class MailPages {

    private MailPages() {
    }

    static String list(List<MailInbox.Mail> all, int smtpPort) {
        StringBuilder b = new StringBuilder("<h1>Trackline dev inbox</h1><p class=\"muted\">SMTP on port ")
                .append(smtpPort).append(", ").append(all.size()).append(" message(s), refreshes every 5 s.</p>")
                .append("<form method=\"post\" action=\"/clear\"><button>Delete all</button></form>")
                .append("<table><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr>");
        for (MailInbox.Mail m : all) {
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

    static String message(MailInbox.Mail m) {
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
}
