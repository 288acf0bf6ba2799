package io.trackline.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of notification-service ({@code trackline.notification.*}); see the README for each key. */
@ConfigMapping(prefix = "trackline.notification")
public interface NotificationConfig {

    /** Where links in messages (unsubscribe, SMS status callback) point: this service's public address. */
    String publicBaseUrl();

    /** HMAC secret of unsubscribe links and SMS status-callback tokens. */
    String linkSecret();

    /** Languages with templates; the first is the fallback. */
    @WithDefault("en,nl")
    List<String> languages();

    /** The operator's matrix file; the shipped communication-matrix.yaml when unset (read by MatrixLoader). */
    Optional<String> matrixFile();

    /** The management distribution list (escalations); empty: management emails are recorded as skipped. */
    Optional<List<String>> managementEmails();

    /** URLs that get a Slack-compatible {"text": ...} post; empty: internal notes are recorded as skipped. */
    Optional<List<String>> internalWebhooks();

    FeedbackRequest feedbackRequest();

    Sender sender();

    Sms sms();

    interface FeedbackRequest {
        @WithDefault("true")
        boolean enabled();

        @WithDefault("PT2H")
        Duration delay();
    }

    interface Sender {
        /** False keeps this replica from sending (read by the scheduler). */
        @WithDefault("true")
        boolean enabled();

        /** How often due messages are looked for (read by the scheduler). */
        @WithDefault("0.25s")
        String pollInterval();

        /** Delay of the first look after start (read by the scheduler). */
        @WithDefault("2s")
        String initialDelay();

        @WithDefault("100")
        int batchSize();

        /** How many messages of a claimed batch are sent at once (parallel SMTP connections and HTTP calls). */
        @WithDefault("16")
        int concurrency();

        @WithDefault("6")
        int maxAttempts();

        @WithDefault("PT1S")
        Duration initialBackoff();

        @WithDefault("PT5M")
        Duration maxBackoff();

        /** How long a claimed message belongs to one sender; after that a crashed sender's claim is retried. */
        @WithDefault("PT2M")
        Duration lease();

        /** Timeout of one HTTP call (SMS provider, webhook). */
        @WithDefault("PT10S")
        Duration httpTimeout();
    }

    interface Sms {
        String baseUrl();

        String accountSid();

        String authToken();

        String from();
    }
}
