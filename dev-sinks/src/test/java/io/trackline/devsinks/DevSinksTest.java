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

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(send(HttpRequest.newBuilder(inbox("api/faults")).DELETE()).statusCode()).isEqualTo(204);
        assertThat(send(HttpRequest.newBuilder(sms("api/faults")).DELETE()).statusCode()).isEqualTo(204);
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
    void smsAreListedLikeTwilioFilteredByRecipientNewestFirstInPages() throws Exception {
        for (String body : List.of("first", "second")) {
            assertThat(postSms("ACtest", "secret", Map.of("To", "+31612345678", "From", "+15005550006",
                    "Body", body)).statusCode()).isEqualTo(201);
        }
        assertThat(postSms("ACtest", "secret", Map.of("To", "+31687654321", "From", "+15005550006",
                "Body", "other")).statusCode()).isEqualTo(201);
        String auth = "Basic " + Base64.getEncoder().encodeToString("ACtest:secret".getBytes(StandardCharsets.UTF_8));
        JsonNode page = json(send(HttpRequest.newBuilder(sms("2010-04-01/Accounts/ACtest/Messages.json"
                + "?To=%2B31612345678&From=%2B15005550006&PageSize=1")).header("Authorization", auth).GET()));
        assertThat(page.get("messages")).hasSize(1);
        assertThat(page.get("messages").get(0).get("body").asText()).isEqualTo("second");
        assertThat(page.get("messages").get(0).get("to").asText()).isEqualTo("+31612345678");
        assertThat(page.get("messages").get(0).get("date_created").asText())
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000");
        String next = page.get("next_page_uri").asText();
        JsonNode second = json(send(HttpRequest.newBuilder(URI.create(sinks.smsUrl()).resolve(next))
                .header("Authorization", auth).GET()));
        assertThat(second.get("messages")).extracting(m -> m.get("body").asText()).containsExactly("first");
        assertThat(second.get("next_page_uri").isNull()).isTrue();
        assertThat(send(HttpRequest.newBuilder(sms("2010-04-01/Accounts/ACtest/Messages.json")).GET()).statusCode())
                .isEqualTo(401);
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
    void eachSinkKeepsTheNewestKeepMessages() throws Exception {
        try (DevSinks small = new DevSinks("127.0.0.1", 0, 0, 0, 200, 2)) {
            for (int i = 1; i <= 3; i++) {
                MimeMessage message = new MimeMessage(session(small.smtpPort(), 0));
                message.setFrom("noreply@trackline.io");
                message.setRecipients(Message.RecipientType.TO, "jan@example.nl");
                message.setSubject("mail " + i);
                message.setText("x");
                Transport.send(message);
                assertThat(postSms(URI.create(small.smsUrl()), "ACtest", "secret",
                        Map.of("To", "+31612345678", "From", "+1500", "Body", "sms " + i)).statusCode()).isEqualTo(201);
            }
            assertThat(json(send(HttpRequest.newBuilder(URI.create(small.inboxUrl() + "api/messages")).GET())))
                    .extracting(m -> m.get("subject").asText()).containsExactly("mail 3", "mail 2");
            assertThat(json(send(HttpRequest.newBuilder(URI.create(small.smsUrl() + "api/messages")).GET())))
                    .extracting(m -> m.get("body").asText()).containsExactly("sms 3", "sms 2");
        }
    }

    @Test
    void mailListsItsMessageIdAndNotificationId() throws Exception {
        String notificationId = UUID.randomUUID().toString();
        MimeMessage tagged = message("<abc@trackline.local>");
        tagged.setHeader("X-Trackline-Notification", notificationId);
        Transport.send(tagged);
        Transport.send(message("<def@trackline.local>"));

        JsonNode list = json(send(HttpRequest.newBuilder(inbox("api/messages")).GET()));
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("messageId").asText()).isEqualTo("<def@trackline.local>");
        assertThat(list.get(0).get("notificationId").isNull()).isTrue();
        assertThat(list.get(1).get("messageId").asText()).isEqualTo("<abc@trackline.local>");
        assertThat(list.get(1).get("notificationId").asText()).isEqualTo(notificationId);
    }

    @Test
    void smsListsTheNotificationIdOfItsStatusCallback() throws Exception {
        String notificationId = UUID.randomUUID().toString();
        // nobody listens on port 9: the callback fails, which does not matter here
        assertThat(postSms("ACtest", "secret", Map.of("To", "+31612345678", "From", "+1500", "Body", "x",
                "StatusCallback", "http://127.0.0.1:9/api/v1/sms/status?n=" + notificationId + "&t=tok"))
                .statusCode()).isEqualTo(201);
        assertThat(postSms("ACtest", "secret", Map.of("To", "+31612345678", "From", "+1500", "Body", "y"))
                .statusCode()).isEqualTo(201);

        JsonNode list = json(send(HttpRequest.newBuilder(sms("api/messages")).GET()));
        assertThat(list.get(0).get("notificationId").isNull()).isTrue();
        assertThat(list.get(1).get("notificationId").asText()).isEqualTo(notificationId);
        assertThat(Web.queryParameter("http://h/s?t=a&n=b%2Bc", "n")).isEqualTo("b+c");
        assertThat(Web.queryParameter("http://h/s?t=a", "n")).isNull();
    }

    @Test
    void smtpDownRefusesConnectionsAndUpAcceptsThemOnTheSamePort() throws Exception {
        int port = sinks.smtpPort();
        JsonNode down = putFault(inbox("api/faults"), "{\"smtp\": \"DOWN\"}");
        assertThat(down.get("smtp").asText()).isEqualTo("DOWN");
        assertThat(down.get("until").isNull()).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThat(json(send(HttpRequest.newBuilder(inbox("api/faults")).GET())).get("smtp").asText())
                .isEqualTo("DOWN");

        assertThat(send(HttpRequest.newBuilder(inbox("api/faults")).DELETE()).statusCode()).isEqualTo(204);
        assertThat(sinks.smtpPort()).isEqualTo(port);
        Transport.send(message("<up@trackline.local>"));
        assertThat(json(send(HttpRequest.newBuilder(inbox("api/messages")).GET()))).hasSize(1);
        assertThat(json(send(HttpRequest.newBuilder(inbox("api/faults")).GET())).get("smtp").asText())
                .isEqualTo("UP");
    }

    @Test
    void smtpSlowReplyRecordsTheMailButTheClientTimesOut() throws Exception {
        putFault(inbox("api/faults"), "{\"smtp\": \"SLOW_REPLY\", \"replyDelayMillis\": 3000}");
        MimeMessage message = new MimeMessage(session(sinks.smtpPort(), 1000));
        message.setFrom("noreply@trackline.io");
        message.setRecipients(Message.RecipientType.TO, "jan@example.nl");
        message.setSubject("slow");
        message.setText("x");
        assertThatThrownBy(() -> Transport.send(message)).isInstanceOf(jakarta.mail.MessagingException.class)
                .hasStackTraceContaining("SocketTimeoutException");
        assertThat(json(send(HttpRequest.newBuilder(inbox("api/messages")).GET())))
                .extracting(m -> m.get("subject").asText()).containsExactly("slow");
        // the first reply is still held back: a second connection is not held up behind it
        message.setSubject("slow too");
        assertThatThrownBy(() -> Transport.send(message)).isInstanceOf(jakarta.mail.MessagingException.class);
        assertThat(json(send(HttpRequest.newBuilder(inbox("api/messages")).GET())))
                .extracting(m -> m.get("subject").asText()).containsExactly("slow too", "slow");
        JsonNode state = json(send(HttpRequest.newBuilder(inbox("api/faults")).GET()));
        assertThat(state.get("smtp").asText()).isEqualTo("SLOW_REPLY");
        assertThat(state.get("replyDelayMillis").asLong()).isEqualTo(3000);
    }

    @Test
    void aFaultWithForMillisClearsItself() throws Exception {
        int port = sinks.smtpPort();
        JsonNode down = putFault(inbox("api/faults"), "{\"smtp\": \"DOWN\", \"forMillis\": 300}");
        assertThat(down.get("until").asText()).isNotBlank();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        putFault(sms("api/faults"), "{\"mode\": \"ERROR_500\", \"forMillis\": 300}");

        awaitFault(inbox("api/faults"), "smtp", "UP");
        awaitFault(sms("api/faults"), "mode", "OK");
        new Socket("127.0.0.1", port).close();
        assertThat(json(send(HttpRequest.newBuilder(inbox("api/faults")).GET())).get("until").isNull()).isTrue();
        assertThat(postSms("ACtest", "secret", Map.of("To", "+31612345678", "From", "+1500", "Body", "x"))
                .statusCode()).isEqualTo(201);
    }

    @Test
    void smsError500RefusesLikeTwilioAndRecordsNothing() throws Exception {
        putFault(sms("api/faults"), "{\"mode\": \"ERROR_500\"}");
        HttpResponse<String> refused = postSms("ACtest", "secret",
                Map.of("To", "+31612345678", "From", "+1500", "Body", "x"));
        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(Web.JSON.readTree(refused.body())).isEqualTo(Web.JSON.readTree("{\"code\":20500,"
                + "\"message\":\"Internal Server Error\",\"more_info\":\"https://www.twilio.com/docs/errors/20500\","
                + "\"status\":500}"));
        // authentication and validation come first, as without the fault
        assertThat(postSms("ACtest", "", Map.of("To", "+31612345678", "From", "+1500", "Body", "x")).statusCode())
                .isEqualTo(401);
        assertThat(postSms("ACtest", "secret", Map.of("To", "0612345678", "From", "+1500", "Body", "x"))
                .statusCode()).isEqualTo(400);
        assertThat(json(send(HttpRequest.newBuilder(sms("api/messages")).GET()))).isEmpty();
        JsonNode state = json(send(HttpRequest.newBuilder(sms("api/faults")).GET()));
        assertThat(state.get("mode").asText()).isEqualTo("ERROR_500");
        assertThat(state.get("refused").asLong()).isEqualTo(1);
    }

    @Test
    void smsTooManyRequestsAnswers429WithRetryAfter() throws Exception {
        putFault(sms("api/faults"), "{\"mode\": \"TOO_MANY_REQUESTS\", \"retryAfterSeconds\": 7}");
        HttpResponse<String> refused = postSms("ACtest", "secret",
                Map.of("To", "+31612345678", "From", "+1500", "Body", "x"));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("7");
        JsonNode error = Web.JSON.readTree(refused.body());
        assertThat(error.get("code").asInt()).isEqualTo(20429);
        assertThat(error.get("message").asText()).isEqualTo("Too Many Requests");
        assertThat(error.get("status").asInt()).isEqualTo(429);
        assertThat(error.get("more_info").asText()).isEqualTo("https://www.twilio.com/docs/errors/20429");
        assertThat(json(send(HttpRequest.newBuilder(sms("api/messages")).GET()))).isEmpty();
        assertThat(json(send(HttpRequest.newBuilder(sms("api/faults")).GET())).get("retryAfterSeconds").asLong())
                .isEqualTo(7);
    }

    @Test
    void smsSlowAcceptRecordsAndDeliversButTheClientTimesOut() throws Exception {
        CompletableFuture<Map<String, String>> callback = new CompletableFuture<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/api/v1/sms/status", ex -> {
            callback.complete(Web.form(ex));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try {
            putFault(sms("api/faults"), "{\"mode\": \"SLOW_ACCEPT\", \"replyDelayMillis\": 3000}");
            String notificationId = UUID.randomUUID().toString();
            String callbackUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/api/v1/sms/status?n="
                    + notificationId + "&t=tok";
            String auth = Base64.getEncoder().encodeToString("ACtest:secret".getBytes(StandardCharsets.UTF_8));
            HttpRequest create = HttpRequest.newBuilder(sms("2010-04-01/Accounts/ACtest/Messages.json"))
                    .timeout(Duration.ofSeconds(1))
                    .header("Authorization", "Basic " + auth)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(formBody(Map.of("To", "+31612345678",
                            "From", "+1500", "Body", "slow", "StatusCallback", callbackUrl))))
                    .build();
            assertThatThrownBy(() -> HTTP.send(create, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(HttpTimeoutException.class);

            JsonNode list = json(send(HttpRequest.newBuilder(sms("api/messages")).GET()));
            assertThat(list).hasSize(1);
            assertThat(list.get(0).get("notificationId").asText()).isEqualTo(notificationId);
            Map<String, String> status = callback.get(10, TimeUnit.SECONDS);
            assertThat(status).containsEntry("MessageSid", list.get(0).get("sid").asText())
                    .containsEntry("MessageStatus", "delivered");
            assertThat(json(send(HttpRequest.newBuilder(sms("api/faults")).GET())).get("slowAnswers").asLong())
                    .isEqualTo(1);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aBadFaultIsRejected() throws Exception {
        assertThat(send(HttpRequest.newBuilder(inbox("api/faults"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"smtp\": \"SIDEWAYS\"}"))).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(sms("api/faults"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\": \"SLOW_ACCEPT\"}"))).statusCode()).isEqualTo(400);
        assertThat(json(send(HttpRequest.newBuilder(sms("api/faults")).GET())).get("mode").asText()).isEqualTo("OK");
    }

    @Test
    void segmentsCountLikeAPhone() {
        assertThat(TwilioFormat.segments("a".repeat(160))).isEqualTo(1);
        assertThat(TwilioFormat.segments("a".repeat(161))).isEqualTo(2);
        assertThat(TwilioFormat.segments("€".repeat(80))).isEqualTo(1); // GSM extension: two septets each
        assertThat(TwilioFormat.segments("€".repeat(81))).isEqualTo(2);
        assertThat(TwilioFormat.segments("ł".repeat(70))).isEqualTo(1); // not GSM: UCS-2
        assertThat(TwilioFormat.segments("ł".repeat(71))).isEqualTo(2);
    }

    private static HttpResponse<String> postSms(String user, String password, Map<String, String> form)
            throws Exception {
        return postSms(URI.create(sinks.smsUrl()), user, password, form);
    }

    private static HttpResponse<String> postSms(URI base, String user, String password, Map<String, String> form)
            throws Exception {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(base.resolve("2010-04-01/Accounts/" + user + "/Messages.json"))
                .header("Authorization", "Basic " + auth)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form))));
    }

    /** A JavaMail session to the sink; {@code timeoutMillis} 0 for JavaMail's default (none). */
    private static Session session(int port, int timeoutMillis) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", Integer.toString(port));
        if (timeoutMillis > 0) {
            props.put("mail.smtp.connectiontimeout", Integer.toString(timeoutMillis));
            props.put("mail.smtp.timeout", Integer.toString(timeoutMillis));
        }
        return Session.getInstance(props);
    }

    /** A mail with the given Message-ID (JavaMail would otherwise make one up when sending). */
    private static MimeMessage message(String messageId) throws Exception {
        MimeMessage message = new MimeMessage(session(sinks.smtpPort(), 0)) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom("noreply@trackline.io");
        message.setRecipients(Message.RecipientType.TO, "jan@example.nl");
        message.setSubject("Your parcel");
        message.setText("x");
        return message;
    }

    private static JsonNode putFault(URI uri, String body) throws Exception {
        return json(send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))));
    }

    /** Polls GET /api/faults until {@code field} is {@code value} (at most 10 s). */
    private static void awaitFault(URI uri, String field, String value) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!json(send(HttpRequest.newBuilder(uri).GET())).get(field).asText().equals(value)) {
            assertThat(System.nanoTime()).as("%s still not %s", field, value).isLessThan(deadline);
            Thread.sleep(50);
        }
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
