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

    /** The domain of every email's Message-ID ({@code <notification-id@domain>}); the sender address's if unset. */
    Optional<String> messageIdDomain();

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

        /**
         * How long a message whose sends fail transiently (SMTP or provider down, 5xx, 429) is tried again, counted
         * from when it was planned: a time span that outlasts real provider outages, then FAILED.
         */
        @WithDefault("PT24H")
        Duration giveUpAfter();

        /**
         * How many attempts may end without knowing whether the provider took the message (a timeout after the
         * request went out, a sender that stopped before recording the outcome); then FAILED, so a provider that
         * takes messages but never answers gets each at most this often.
         */
        @WithDefault("3")
        int maxUnconfirmedAttempts();

        /**
         * After an SMS whose provider call timed out, how long to wait for the provider's status callback (which
         * tells that it has the message) before sending it again.
         */
        @WithDefault("PT10M")
        Duration smsCallbackWait();

        /** On shutdown, how long messages in flight may take to finish and be recorded. */
        @WithDefault("PT15S")
        Duration shutdownGrace();

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
