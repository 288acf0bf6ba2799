package io.trackline.loadgen;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The demo: three orders go through the whole procedure at a pace a person can follow, one of them through a
 * weather exception (and a second exception, which escalates). Orders are placed through order-service's API as
 * a web shop would; the carrier's milestones and exceptions are published to Kafka as the carrier integration
 * would; the customer's feedback is given on the tracking page. The terminal shows each step, each shipment's
 * status as tracking-service shows it, and where to look. Run by {@code deploy/local/trackline.sh --demo}.
 */
public final class Demo {

    record Customer(String name, String email, String phone, String language) {
    }

    record Shipment(Customer customer, String trackingNumber, String trackingUrl) {
    }

    private static final String CARRIER = "/carrier/acme";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Location WAREHOUSE = new Location("DC Tilburg", "Tilburg", "NL", 51.56, 5.09);
    private static final Location UTRECHT = new Location("Sorting centre", "Utrecht", "NL", 52.09, 5.12);
    private static final Location AMSTERDAM = new Location("Depot Amsterdam-West", "Amsterdam", "NL", 52.37, 4.85);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String orderUrl;
    private final String trackingUrl;
    private final String inboxUrl;
    private final String smsUrl;
    private final String notificationUrl;
    private final String ingestToken;
    private final String opsToken;
    private final Duration pace;
    private final LifecyclePublisher publisher;
    private final List<Shipment> shipments = new ArrayList<>();
    private final DemoReadout readout;

    private Demo(String bootstrap, Duration pace) {
        Map<String, String> env = System.getenv();
        this.orderUrl = env.getOrDefault("TRACKLINE_ORDER_URL", "http://127.0.0.1:8081");
        this.trackingUrl = env.getOrDefault("TRACKLINE_TRACKING_URL", "http://127.0.0.1:8082");
        this.inboxUrl = env.getOrDefault("TRACKLINE_INBOX_URL", "http://127.0.0.1:8025");
        this.smsUrl = env.getOrDefault("TRACKLINE_SMS_URL", "http://127.0.0.1:8026");
        this.notificationUrl = env.getOrDefault("TRACKLINE_NOTIFICATION_URL", "http://127.0.0.1:8083");
        this.ingestToken = require(env, "TRACKLINE_INGEST_TOKEN");
        this.opsToken = require(env, "TRACKLINE_OPS_TOKEN");
        this.pace = pace;
        this.readout = new DemoReadout(http, trackingUrl, notificationUrl, opsToken);
        this.publisher = new LifecyclePublisher(bootstrap, "trackline-demo-carrier");
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        Duration pace = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        Demo demo = new Demo(bootstrap, pace);
        try {
            demo.run();
        } finally {
            demo.publisher.close();
        }
    }

    private void run() throws Exception {
        say("Demo: three orders through the whole procedure, a step every %d s. Watch:", pace.toSeconds());
        say("  mail inbox (customer and management email)  %s", inboxUrl);
        say("  SMS sink                                     %s", smsUrl);
        step("1. Order confirmation: a web shop places three orders (order-service validates, assigns tracking "
                + "numbers and a first delivery date; the customer gets email + SMS)");
        shipments.add(order(new Customer("Ada Lovelace", "ada@example.com", "+31612345678", "en")));
        shipments.add(order(new Customer("Bram de Vries", "bram@example.com", "+31687654321", "nl")));
        shipments.add(order(new Customer("Chloé Martin", "chloe@example.com", null, "en")));
        for (Shipment s : shipments) {
            say("  %-14s %s  tracking page: %s", s.customer().name(), s.trackingNumber(), s.trackingUrl());
        }
        readout.awaitTracking(shipments);
        readout.show(shipments, Duration.ofMillis(Math.min(2000, pace.toMillis() / 2)));

        step("2. Dispatched from the warehouse (customer: email + SMS)");
        shipments.forEach(s -> milestone(s, EventType.DISPATCHED, WAREHOUSE));
        readout.show(shipments, Duration.ofMillis(Math.min(2000, pace.toMillis() / 2)));

        step("3. In transit: a scan at the sorting centre (tracking page and internal feed only, no customer message)");
        shipments.forEach(s -> milestone(s, EventType.IN_TRANSIT, UTRECHT));
        readout.show(shipments, Duration.ofMillis(Math.min(2000, pace.toMillis() / 2)));

        step("4. Exception: a storm closes the Utrecht hub for Bram's parcel (customer told at once; customer service "
                + "gets a call task; management an alert; exception-service opens a case, sets a new date and the "
                + "resolution steps from its playbook)");
        exception(shipments.get(1), ExceptionReason.WEATHER, "Storm: the Utrecht hub is closed until it passes");
        milestone(shipments.get(0), EventType.IN_TRANSIT, AMSTERDAM);
        milestone(shipments.get(2), EventType.IN_TRANSIT, AMSTERDAM);
        readout.show(shipments, Duration.ofMillis(Math.min(2000, pace.toMillis() / 2)));

        step("5. Out for delivery for Ada and Chloé (email + SMS); a second exception on Bram's parcel, a failed "
                + "hand-over at the hub, which escalates the case to management");
        milestone(shipments.get(0), EventType.OUT_FOR_DELIVERY, AMSTERDAM);
        milestone(shipments.get(2), EventType.OUT_FOR_DELIVERY, AMSTERDAM);
        exception(shipments.get(1), ExceptionReason.CARRIER_DELAY, "Missed the line-haul to Amsterdam after the storm");
        readout.show(shipments, Duration.ofMillis(Math.min(2000, pace.toMillis() / 2)));

        step("6. Delivered: the driver captures the recipient's name and signature for Ada and Chloé (proof of "
                + "delivery; email + SMS; a feedback request follows); Bram's parcel moves on, which resolves his "
                + "exceptions");
        delivered(shipments.get(0), "A. Lovelace");
        delivered(shipments.get(2), "C. Martin");
        milestone(shipments.get(1), EventType.IN_TRANSIT, AMSTERDAM);
        readout.show(shipments, Duration.ofMillis(Math.min(2000, pace.toMillis() / 2)));

        step("7. Ada gives feedback on her tracking page (4 stars, order as expected): her order is closed. "
                + "Bram's parcel is out for delivery");
        say("  Ada's feedback: %s", feedback(shipments.get(0), 4, "Quick and well packed"));
        milestone(shipments.get(1), EventType.OUT_FOR_DELIVERY, AMSTERDAM);
        readout.show(shipments, Duration.ofMillis(Math.min(2000, pace.toMillis() / 2)));

        step("8. Bram's parcel is delivered");
        delivered(shipments.get(1), "B. de Vries");
        readout.show(shipments, Duration.ofMillis(Math.min(2000, pace.toMillis() / 2)));

        step("9. The feedback request email after delivery (20 s after it with --demo, otherwise 2 h)");
        readout.feedbackRequests(shipments);

        say("");
        say("Done. Everything above is on record. Look for yourself:");
        say("  mail inbox            %s", inboxUrl);
        say("  SMS sink              %s", smsUrl);
        for (Shipment s : shipments) {
            say("  %-21s %s", "tracking page " + s.customer().name().split(" ")[0], s.trackingUrl());
        }
        String tn = shipments.get(1).trackingNumber();
        say("With a token, TOKEN=$(deploy/local/trackline.sh token ops), for Bram's parcel:");
        say("  the timeline          curl -H \"Authorization: Bearer $TOKEN\" %s/api/v1/shipments/%s", trackingUrl, tn);
        say("  the messages          curl -H \"Authorization: Bearer $TOKEN\" "
                + "'%s/api/v1/notifications?trackingNumber=%s'", notificationUrl, tn);
        say("  the exception cases   curl -H \"Authorization: Bearer $TOKEN\" "
                + "'http://127.0.0.1:8084/api/v1/exceptions?trackingNumber=%s'", tn);
        say("  the escalated ones    curl -H \"Authorization: Bearer $TOKEN\" "
                + "'http://127.0.0.1:8084/api/v1/exceptions?escalated=true'");
        say("  the call tasks        curl -H \"Authorization: Bearer $TOKEN\" '%s/api/v1/call-tasks?status=OPEN'",
                notificationUrl);
        say("  the 12-month record   curl -H \"Authorization: Bearer $TOKEN\" "
                + "http://127.0.0.1:8085/api/v1/shipments/%s/history", tn);
        say("  Ada's closed order    curl -H \"Authorization: Bearer $TOKEN\" "
                + "%s/api/v1/orders/by-tracking-number/%s", orderUrl, shipments.get(0).trackingNumber());
        say("The walk-through for new colleagues: docs/operations.md");
    }

    // ------------------------------------------------------------------------------------------------ the steps

    private Shipment order(Customer customer) throws IOException, InterruptedException {
        String phone = customer.phone() == null ? "" : ", \"phone\": \"" + customer.phone() + "\"";
        String body = """
                {"externalReference": "DEMO-%s", "source": "webshop", "serviceLevel": "STANDARD",
                 "customer": {"name": "%s", "email": "%s"%s, "language": "%s", "timeZone": "Europe/Amsterdam"},
                 "shippingAddress": {"line1": "Damrak 1", "city": "Amsterdam", "postalCode": "1012 LG",
                                     "country": "NL"},
                 "items": [{"sku": "TEA-01", "description": "Teapot", "quantity": 1}]}"""
                .formatted(UUID.randomUUID().toString().substring(0, 8), customer.name(), customer.email(), phone,
                        customer.language());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(orderUrl + "/api/v1/orders"))
                .header("Authorization", "Bearer " + ingestToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("order-service refused the demo order: " + response.statusCode() + " "
                    + response.body());
        }
        return new Shipment(customer, field(response.body(), "trackingNumber"), field(response.body(), "trackingUrl"));
    }

    private void milestone(Shipment shipment, EventType type, Location where) {
        publish(Events.create(type, CARRIER, shipment.trackingNumber(), now(),
                new Milestone(where, "ACME", null, null, null, null, null, null), Map.of()));
    }

    /**
     * The driver's app captures the proof of delivery (the recipient's name and signature) through
     * tracking-service's API, which stores it and publishes the {@code Delivered} that references it.
     */
    private void delivered(Shipment shipment, String recipient) {
        String boundary = "demo-" + UUID.randomUUID();
        byte[] body = ProofOfDeliveryForm.body(boundary, recipient, now(), AMSTERDAM);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(trackingUrl
                            + "/api/v1/shipments/" + shipment.trackingNumber() + "/proof-of-delivery"))
                    .header("Authorization", "Bearer " + ingestToken)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("tracking-service refused the proof of delivery: "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void exception(Shipment shipment, ExceptionReason reason, String description) {
        publish(Events.create(EventType.EXCEPTION_RAISED, CARRIER, shipment.trackingNumber(), now(),
                new ExceptionRaised(null, reason, ExceptionSource.REPORTED, description, "ACME", UTRECHT, null,
                        null), Map.of()));
    }

    /** Posts the tracking page's feedback form; says whether the page took it (its redirect ends in done=feedback). */
    private String feedback(Shipment shipment, int stars, String comment) throws IOException, InterruptedException {
        URI page = URI.create(shipment.trackingUrl());
        String token = page.getQuery() == null ? "" : page.getQuery().replaceAll("^(?:.*&)?t=([^&]*).*$", "$1");
        String form = "t=" + token + "&rating=" + stars + "&goodOrder=on&comment="
                + URLEncoder.encode(comment, StandardCharsets.UTF_8);
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create(trackingUrl + "/track/" + shipment.trackingNumber() + "/feedback"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
        String location = response.headers().firstValue("Location").orElse("");
        return response.statusCode() == 303 && location.contains("done=feedback")
                ? "taken (the page thanks her)"
                : "NOT taken (HTTP " + response.statusCode() + (location.isEmpty() ? "" : ", to " + location) + ")";
    }

    private void publish(CloudEvent event) {
        publisher.sendAndWait(event);
    }

    // ---------------------------------------------------------------------------------------------- the display

    private void step(String title) throws InterruptedException {
        if (!shipments.isEmpty()) {
            Thread.sleep(pace.toMillis());
        }
        say("");
        say("[%s] %s", LocalTime.now().format(CLOCK), title);
    }

    static String field(String json, String name) throws IOException {
        return EventCodec.mapper().readTree(json).path(name).asText("-");
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set (deploy/local/trackline.sh --demo sets it)");
        }
        return value;
    }

    static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }
}
