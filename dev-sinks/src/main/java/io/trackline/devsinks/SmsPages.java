package io.trackline.devsinks;

import java.util.List;

/** The SMS sink's HTML page: every received SMS with its segments, status and status-callback outcome. */
final class SmsPages {

    private SmsPages() {
    }

    static String list(List<Sms> all) {
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
