package io.trackline.devsinks;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Real sockets on free ports: an SMTP client, an HTTP client, and an HTTP server for the status callback. */
class DevSinksTest {

    static DevSinks sinks;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        sinks = new DevSinks("127.0.0.1", 0, 0, 0, 200);
    }

    @AfterAll
    static void stop() {
        sinks.close();
    }

    @BeforeEach
    void purge() throws Exception {
        assertThat(send(HttpRequest.newBuilder(inbox("api/messages")).DELETE()).statusCode()).isEqualTo(204);
        assertThat(send(HttpRequest.newBuilder(sms("api/messages")).DELETE()).statusCode()).isEqualTo(204);
    }

    @Test
    void mailSentOverSmtpIsListedOnceWithItsPartsAndShownEscaped() throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(sinks.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("noreply@trackline.io", "Trackline"));
        message.setRecipients(Message.RecipientType.TO, "jan@example.nl, piet@example.nl");
        message.setSubject("<script>alert('x')</script> Your parcel is on its way", "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Track it: http://localhost:8082/t/abc", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Track <a href=\"http://localhost:8082/t/abc\">your parcel</a></p>", "text/html; charset=UTF-8");
        message.setContent(new MimeMultipart("alternative", text, html));
        Transport.send(message);

        JsonNode list = json(send(HttpRequest.newBuilder(inbox("api/messages")).GET()));
        assertThat(list).hasSize(1); // two recipients, one transaction, one entry
        JsonNode mail = list.get(0);
        assertThat(mail.get("from").asText()).isEqualTo("Trackline <noreply@trackline.io>");
        assertThat(mail.get("to")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("jan@example.nl", "piet@example.nl");
        assertThat(mail.get("subject").asText()).isEqualTo("<script>alert('x')</script> Your parcel is on its way");
        assertThat(mail.get("text").asText()).contains("http://localhost:8082/t/abc");
        assertThat(mail.get("html").asText()).contains("<a href=\"http://localhost:8082/t/abc\">");
        assertThat(mail.get("receivedAt").asText()).isNotBlank();

        String listPage = send(HttpRequest.newBuilder(inbox("")).GET()).body();
        assertThat(listPage).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Your parcel")
                .doesNotContain("<script>");

        HttpResponse<String> page = send(HttpRequest.newBuilder(inbox("messages/" + mail.get("id").asText())).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("<script>")
                .contains("<iframe sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\"")
                .contains("&lt;a href=&quot;http://localhost:8082/t/abc&quot;&gt;")
                .contains("<pre>Track it: http://localhost:8082/t/abc");
    }

    @Test
    void smsWithBasicAuthIsAcceptedListedAndReportedDelivered() throws Exception {
        CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/sms-status", ex -> {
            callback.complete(Web.form(ex));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            String callbackUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/sms-status";
            HttpResponse<String> created = postSms("ACtest", "secret", Map.of("To", "+31612345678",
                    "From", "+15005550006", "Body", "Your parcel <b>arrives</b> today", "StatusCallback", callbackUrl));
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode resource = Web.JSON.readTree(created.body());
            String sid = resource.get("sid").asText();
            assertThat(sid).matches("SM[0-9a-f]{32}");
            assertThat(resource.get("status").asText()).isEqualTo("queued");
            assertThat(resource.get("to").asText()).isEqualTo("+31612345678");
            assertThat(resource.get("from").asText()).isEqualTo("+15005550006");
            assertThat(resource.get("body").asText()).isEqualTo("Your parcel <b>arrives</b> today");
            assertThat(resource.get("num_segments").asText()).isEqualTo("1");

            JsonNode list = json(send(HttpRequest.newBuilder(sms("api/messages")).GET()));
            assertThat(list).hasSize(1);
            assertThat(list.get(0).get("sid").asText()).isEqualTo(sid);
            assertThat(send(HttpRequest.newBuilder(sms("")).GET()).body())
                    .contains("+31612345678", "Your parcel &lt;b&gt;arrives&lt;/b&gt; today");

            Map<String, String> status = callback.get(10, TimeUnit.SECONDS);
            assertThat(status).containsEntry("MessageSid", sid).containsEntry("MessageStatus", "delivered")
                    .containsEntry("To", "+31612345678");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void smsWithoutCredentialsIsRejectedLikeTwilio() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(sms("2010-04-01/Accounts/ACtest/Messages.json"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(Map.of("To", "+31612345678", "From", "+1500",
                        "Body", "x")))));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(Web.JSON.readTree(anonymous.body()).get("code").asInt()).isEqualTo(20003);
        assertThat(postSms("ACtest", "", Map.of("To", "+31612345678", "From", "+1500", "Body", "x")).statusCode())
                .isEqualTo(401);
        assertThat(json(send(HttpRequest.newBuilder(sms("api/messages")).GET()))).isEmpty();
    }

    @Test
    void smsToANumberThatIsNotE164IsRejectedLikeTwilio() throws Exception {
        HttpResponse<String> bad = postSms("ACtest", "secret", Map.of("To", "0612345678", "From", "+15005550006",
                "Body", "x"));
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode error = Web.JSON.readTree(bad.body());
        assertThat(error.get("code").asInt()).isEqualTo(21211);
        assertThat(error.get("status").asInt()).isEqualTo(400);
        assertThat(error.get("message").asText()).isEqualTo("The 'To' number 0612345678 is not a valid phone number.");
        assertThat(json(send(HttpRequest.newBuilder(sms("api/messages")).GET()))).isEmpty();
    }

    @Test
    void segmentsCountLikeAPhone() {
        assertThat(SmsSink.segments("a".repeat(160))).isEqualTo(1);
        assertThat(SmsSink.segments("a".repeat(161))).isEqualTo(2);
        assertThat(SmsSink.segments("€".repeat(80))).isEqualTo(1); // GSM extension: two septets each
        assertThat(SmsSink.segments("€".repeat(81))).isEqualTo(2);
        assertThat(SmsSink.segments("ł".repeat(70))).isEqualTo(1); // not GSM: UCS-2
        assertThat(SmsSink.segments("ł".repeat(71))).isEqualTo(2);
    }

    private static HttpResponse<String> postSms(String user, String password, Map<String, String> form)
            throws Exception {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(sms("2010-04-01/Accounts/" + user + "/Messages.json"))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))));
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static URI inbox(String path) {
        return URI.create(sinks.inboxUrl() + path);
    }

    private static URI sms(String path) {
        return URI.create(sinks.smsUrl() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        return Web.JSON.readTree(response.body());
    }
}
