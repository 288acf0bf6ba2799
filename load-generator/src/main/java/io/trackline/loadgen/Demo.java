package io.trackline.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventRecords;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
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
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * The demo: three orders go through the whole procedure at a pace a person can follow, one of them through a
 * weather exception (and a second exception, which escalates). Orders are placed through order-service's API as
 * a web shop would; the carrier's milestones and exceptions are published to Kafka as the carrier integration
 * would; the customer's feedback is given on the tracking page. The terminal shows each step, each shipment's
 * status as tracking-service shows it, and where to look. Run by {@code deploy/local/trackline.sh --demo}.
 */
public final class Demo {

    private record Customer(String name, String email, String phone, String language) {
    }

    private record Shipment(Customer customer, String trackingNumber, String trackingUrl) {
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
    private final KafkaProducer<String, String> producer;
    private final List<Shipment> shipments = new ArrayList<>();

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
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "trackline-demo-carrier");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        Duration pace = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        Demo demo = new Demo(bootstrap, pace);
        try {
            demo.run();
        } finally {
            demo.producer.close();
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
        awaitTracking();
        show();

        step("2. Dispatched from the warehouse (customer: email + SMS)");
        shipments.forEach(s -> milestone(s, EventType.DISPATCHED, WAREHOUSE));
        show();

        step("3. In transit: a scan at the sorting centre (tracking page and internal feed only, no customer message)");
        shipments.forEach(s -> milestone(s, EventType.IN_TRANSIT, UTRECHT));
        show();

        step("4. Exception: a storm closes the Utrecht hub for Bram's parcel (customer told at once; customer service "
                + "gets a call task; management an alert; exception-service opens a case, sets a new date and the "
                + "resolution steps from its playbook)");
        exception(shipments.get(1), ExceptionReason.WEATHER, "Storm: the Utrecht hub is closed until it passes");
        milestone(shipments.get(0), EventType.IN_TRANSIT, AMSTERDAM);
        milestone(shipments.get(2), EventType.IN_TRANSIT, AMSTERDAM);
        show();

        step("5. Out for delivery for Ada and Chloé (email + SMS); a second exception on Bram's parcel, a failed "
                + "hand-over at the hub, which escalates the case to management");
        milestone(shipments.get(0), EventType.OUT_FOR_DELIVERY, AMSTERDAM);
        milestone(shipments.get(2), EventType.OUT_FOR_DELIVERY, AMSTERDAM);
        exception(shipments.get(1), ExceptionReason.CARRIER_DELAY, "Missed the line-haul to Amsterdam after the storm");
        show();

        step("6. Delivered: the driver captures the recipient's name and signature for Ada and Chloé (proof of "
                + "delivery; email + SMS; a feedback request follows); Bram's parcel moves on, which resolves his "
                + "exceptions");
        delivered(shipments.get(0), "A. Lovelace");
        delivered(shipments.get(2), "C. Martin");
        milestone(shipments.get(1), EventType.IN_TRANSIT, AMSTERDAM);
        show();

        step("7. Ada gives feedback on her tracking page (4 stars, order as expected): her order is closed. "
                + "Bram's parcel is out for delivery");
        say("  Ada's feedback: %s", feedback(shipments.get(0), 4, "Quick and well packed"));
        milestone(shipments.get(1), EventType.OUT_FOR_DELIVERY, AMSTERDAM);
        show();

        step("8. Bram's parcel is delivered");
        delivered(shipments.get(1), "B. de Vries");
        show();

        step("9. The feedback request email after delivery (20 s after it with --demo, otherwise 2 h)");
        feedbackRequests();

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
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "recipientName", null, recipient.getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "deliveredAt", null, now().toString().getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "latitude", null, String.valueOf(AMSTERDAM.latitude()).getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "longitude", null, String.valueOf(AMSTERDAM.longitude())
                .getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "signature", "signature.png", signature(recipient));
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(trackingUrl
                            + "/api/v1/shipments/" + shipment.trackingNumber() + "/proof-of-delivery"))
                    .header("Authorization", "Bearer " + ingestToken)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
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

    private static void part(ByteArrayOutputStream body, String boundary, String name, String file, byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (file == null ? "" : "; filename=\"" + file + "\"\r\nContent-Type: image/png") + "\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** A signature, as a PNG: a scribble drawn from the recipient's name (lines only: no fonts needed). */
    private static byte[] signature(String recipient) {
        BufferedImage image = new BufferedImage(320, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 320, 100);
        g.setColor(new Color(20, 40, 120));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(2.5f));
        int x = 16;
        int y = 55;
        for (char c : recipient.toCharArray()) {
            int nextX = x + 9;
            int nextY = 35 + Math.floorMod(c * 37, 45);
            g.drawLine(x, y, nextX, nextY);
            x = nextX;
            y = nextY;
        }
        g.drawLine(16, 85, Math.min(300, x + 20), 80);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
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
        try {
            producer.send(EventRecords.structured(Topics.SHIPMENT_LIFECYCLE, event))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the carrier's event: " + e.getCause(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------- the display

    private void step(String title) throws InterruptedException {
        if (!shipments.isEmpty()) {
            Thread.sleep(pace.toMillis());
        }
        say("");
        say("[%s] %s", LocalTime.now().format(CLOCK), title);
    }

    /** Waits (up to 30 s) until tracking-service knows every order placed, so that step 1 shows them. */
    private void awaitTracking() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (Shipment s : shipments) {
            while (shipment(s) == null && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
        }
    }

    /** Waits a moment for the services, then prints each shipment as tracking-service shows it. */
    private void show() throws IOException, InterruptedException {
        Thread.sleep(Math.min(2000, pace.toMillis() / 2));
        for (Shipment s : shipments) {
            JsonNode view = shipment(s);
            if (view == null) {
                say("    %-14s %s  not in tracking-service yet (it follows within seconds)", s.customer().name(),
                        s.trackingNumber());
                continue;
            }
            JsonNode exception = view.path("exception");
            say("    %-14s %s  %-17s estimated %s%s", s.customer().name(), s.trackingNumber(),
                    view.path("status").asText("-"), view.path("estimatedDelivery").asText("-"),
                    exception.isObject() ? "  open exception: " + exception.path("reason").asText() : "");
        }
    }

    /** The shipment as ops see it in tracking-service, or null while it is not there (404). */
    private JsonNode shipment(Shipment s) throws IOException, InterruptedException {
        HttpResponse<String> response = get(trackingUrl + "/api/v1/shipments/" + s.trackingNumber());
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("tracking-service answered " + response.statusCode() + " for "
                    + s.trackingNumber() + ": " + response.body());
        }
        return EventCodec.mapper().readTree(response.body());
    }

    /**
     * Waits (up to 40 s) for the feedback request email of each delivered shipment, which the local stack started
     * with --demo sends 20 s after delivery, and says what became of it.
     */
    private void feedbackRequests() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        for (Shipment s : shipments) {
            JsonNode request = feedbackRequest(s);
            while (request != null && (dueSoon(request) || "SENDING".equals(request.path("status").asText()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                request = feedbackRequest(s);
            }
            if (request == null) {
                say("    %-14s %s  no feedback request planned", s.customer().name(), s.trackingNumber());
            } else if ("PENDING".equals(request.path("status").asText())) {
                say("    %-14s %s  feedback request PENDING, due %s (the stack runs without --demo: 2 h after "
                        + "delivery)", s.customer().name(), s.trackingNumber(), request.path("nextAttemptAt").asText());
            } else {
                say("    %-14s %s  feedback request %s to %s: \"%s\"", s.customer().name(), s.trackingNumber(),
                        request.path("status").asText(), request.path("recipient").asText(),
                        request.path("subject").asText());
            }
        }
    }

    private static boolean dueSoon(JsonNode request) {
        return "PENDING".equals(request.path("status").asText()) && request.hasNonNull("nextAttemptAt")
                && OffsetDateTime.parse(request.path("nextAttemptAt").asText()).isBefore(now().plusSeconds(60));
    }

    private JsonNode feedbackRequest(Shipment s) throws IOException, InterruptedException {
        HttpResponse<String> response = get(notificationUrl + "/api/v1/notifications?trackingNumber="
                + s.trackingNumber());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("notification-service answered " + response.statusCode() + ": "
                    + response.body());
        }
        for (JsonNode n : EventCodec.mapper().readTree(response.body())) {
            if ("FEEDBACK_REQUEST".equals(n.path("purpose").asText())) {
                return n;
            }
        }
        return null;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + opsToken).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) throws IOException {
        return EventCodec.mapper().readTree(json).path(name).asText("-");
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String require(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set (deploy/local/trackline.sh --demo sets it)");
        }
        return value;
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }
}
