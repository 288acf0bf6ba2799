package io.trackline.systemtests.checker;

/**
 * Where the checker reads what came out: the services' APIs (with a bearer token with the ops role), the dev-sinks
 * (mail inbox API, SMS provider stand-in) and the broker (dead-letter topic).
 */
public record Endpoints(String trackingUrl, String notificationUrl, String auditUrl, String inboxUrl, String smsUrl,
        String bootstrapServers, String opsBearer) {
}
