package io.trackline.notification;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * The outside world of notification-service in tests: a real SMTP server (GreenMail, on a free port, which a test
 * can stop and start again on the same port) and an HTTP stub of the Twilio-compatible SMS API and of an internal
 * webhook (WireMock).
 */
public class MailAndSmsSinks implements QuarkusTestResourceLifecycleManager {

    static final String ACCOUNT_SID = "ACtest";
    static final String MANAGEMENT = "managers@trackline.test";
    static final String WEBHOOK_PATH = "/hooks/ops";

    private static GreenMail greenMail;
    private static ServerSetup smtp;
    private static WireMockServer wireMock;

    @Override
    public synchronized Map<String, String> start() {
        smtp = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        startSmtp();
        wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
        resetSmsStubs();
        String base = "http://127.0.0.1:" + wireMock.port();
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtp.getPort()),
                "trackline.notification.sms.base-url", base,
                "trackline.notification.sms.account-sid", ACCOUNT_SID,
                "trackline.notification.sms.auth-token", "test-token",
                "trackline.notification.sms.from", "+15005550006",
                "trackline.notification.internal-webhooks", base + WEBHOOK_PATH,
                "trackline.notification.management-emails", MANAGEMENT + ",director@trackline.test");
    }

    /**
     * The default answers: every SMS accepted (201, a fresh sid, queued), an empty list of messages when asked what
     * the provider has, every webhook post accepted.
     */
    static void resetSmsStubs() {
        wireMock.resetAll();
        wireMock.stubFor(post(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json")).atPriority(10)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"sid\": \"SM{{randomValue length=32 type='ALPHANUMERIC'}}\", "
                                + "\"status\": \"queued\"}")
                        .withTransformers("response-template")));
        wireMock.stubFor(get(urlPathMatching("/2010-04-01/Accounts/[^/]+/Messages.json")).atPriority(10)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"messages\": [], \"next_page_uri\": null, \"page\": 0, \"page_size\": 100}")));
        wireMock.stubFor(post(urlPathEqualTo(WEBHOOK_PATH)).atPriority(10)
                .willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    static WireMockServer wireMock() {
        return wireMock;
    }

    static synchronized GreenMail greenMail() {
        return greenMail;
    }

    /** The SMTP port notification-service sends to. */
    static int smtpPort() {
        return smtp.getPort();
    }

    /** SMTP goes away: connections are refused until {@link #startSmtp()}. */
    static synchronized void stopSmtp() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /**
     * A new SMTP server on the same port (it has not seen earlier mail). The port can stay busy for a moment after a
     * test's own server on it closed its sessions: tried again for up to 10 s.
     */
    static synchronized void startSmtp() {
        long giveUpAt = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            GreenMail server = new GreenMail(smtp);
            try {
                server.start();
                greenMail = server;
                return;
            } catch (IllegalStateException e) {
                try {
                    server.stop();
                } catch (RuntimeException ignored) {
                    // it never started
                }
                if (System.nanoTime() > giveUpAt) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public synchronized void stop() {
        stopSmtp();
        if (wireMock != null) {
            wireMock.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
