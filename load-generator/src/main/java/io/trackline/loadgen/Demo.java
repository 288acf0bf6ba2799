package io.trackline.loadgen;

import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
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

import java.io.IOException;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern FIELD = Pattern.compile("\"(trackingNumber|trackingUrl|status|estimatedDelivery)\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern OPEN_EXCEPTION = Pattern.compile("\"openException\"\\s*:\\s*\\{[^}]*\"reason\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final String CARRIER = "/carrier/acme";
    private static final Location UTRECHT = new Location("Sorting centre", "Utrecht", "NL", 52.09, 5.12);
    private static final Location AMSTERDAM = new Location("Depot Amsterdam-West", "Amsterdam", "NL", 52.37, 4.85);

    private final HttpClient http = HttpClient.newHttpClient();
    private final String orderUrl;
    private final String trackingUrl;
    private final String inboxUrl;
    private final String smsUrl;
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
        Duration pace = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 6);
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
        show();

        step("2. Dispatched from the warehouse (customer: email + SMS)");
        shipments.forEach(s -> milestone(s, EventType.DISPATCHED, UTRECHT));
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

        step("6. Delivered with proof for Ada and Chloé (email + SMS; a feedback request follows); Bram's parcel "
                + "moves on, which resolves his exceptions");
        delivered(shipments.get(0), "A. Lovelace");
        delivered(shipments.get(2), "C. Martin");
        milestone(shipments.get(1), EventType.IN_TRANSIT, AMSTERDAM);
        show();

        step("7. Ada gives feedback on her tracking page (4 stars, order as expected): her order is closed. "
                + "Bram's parcel is out for delivery");
        feedback(shipments.get(0), 4, "Quick and well packed");
        milestone(shipments.get(1), EventType.OUT_FOR_DELIVERY, AMSTERDAM);
        show();

        step("8. Bram's parcel is delivered");
        delivered(shipments.get(1), "B. de Vries");
        show();

        say("");
        say("Done. Everything above is on record. Try (tokens: deploy/local/trackline.sh token ops):");
        String tn = shipments.get(1).trackingNumber();
        say("  the timeline          curl -H \"Authorization: Bearer $TOKEN\" %s/api/v1/shipments/%s", trackingUrl, tn);
        say("  the messages          curl -H \"Authorization: Bearer $TOKEN\" "
                + "http://127.0.0.1:8083/api/v1/notifications?trackingNumber=%s", tn);
        say("  the exception cases   curl -H \"Authorization: Bearer $TOKEN\" "
                + "http://127.0.0.1:8084/api/v1/exceptions?trackingNumber=%s", tn);
        say("  the 12-month record   curl -H \"Authorization: Bearer $TOKEN\" "
                + "http://127.0.0.1:8085/api/v1/shipments/%s/history", tn);
        say("  the call tasks        curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8083/api/v1/call-tasks");
        say("  the walk-through      docs/operations.md");
    }

    // ------------------------------------------------------------------------------------------------ the steps

    private Shipment order(Customer customer) throws IOException, InterruptedException {
        String phone = customer.phone() == null ? "" : ", \"phone\": \"" + customer.phone() + "\"";
        String body = """
                {"externalReference": "DEMO-%s", "source": "webshop", "serviceLevel": "STANDARD",
                 "customer": {"name": "%s", "email": "%s"%s, "language": "%s", "timeZone": "Europe/Amsterdam"},
                 "shippingAddress": {"line1": "Damrak 1", "city": "Amsterdam", "postalCode": "1012 LG", "country": "NL"},
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

    private void delivered(Shipment shipment, String recipient) {
        publish(Events.create(EventType.DELIVERED, CARRIER, shipment.trackingNumber(), now(),
                new Milestone(AMSTERDAM, "ACME", "DLV", "Handed to the recipient", null,
                        "ACME-POD-" + shipment.trackingNumber(), recipient, null), Map.of()));
    }

    private void exception(Shipment shipment, ExceptionReason reason, String description) {
        publish(Events.create(EventType.EXCEPTION_RAISED, CARRIER, shipment.trackingNumber(), now(),
                new ExceptionRaised(null, reason, ExceptionSource.REPORTED, description, "ACME", UTRECHT, null,
                        null), Map.of()));
    }

    private void feedback(Shipment shipment, int stars, String comment) throws IOException, InterruptedException {
        URI page = URI.create(shipment.trackingUrl());
        String token = page.getQuery() == null ? "" : page.getQuery().replaceAll("^(?:.*&)?t=([^&]*).*$", "$1");
        String form = "t=" + token + "&rating=" + stars + "&goodOrder=on&comment="
                + URLEncoder.encode(comment, StandardCharsets.UTF_8);
        http.send(HttpRequest.newBuilder(URI.create(trackingUrl + "/track/" + shipment.trackingNumber() + "/feedback"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private void publish(CloudEvent event) {
        try {
            producer.send(new ProducerRecord<>(Topics.SHIPMENT_LIFECYCLE, event.subject(), EventCodec.toJson(event)))
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
        say("[%s] %s", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), title);
    }

    /** Waits a moment for the services, then prints each shipment as tracking-service shows it. */
    private void show() throws IOException, InterruptedException {
        Thread.sleep(Math.min(2000, pace.toMillis() / 2));
        for (Shipment s : shipments) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(trackingUrl + "/api/v1/shipments/" + s.trackingNumber()))
                    .header("Authorization", "Bearer " + opsToken).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                say("    %-14s %s  (not in tracking yet: %d)", s.customer().name(), s.trackingNumber(),
                        response.statusCode());
                continue;
            }
            Matcher exception = OPEN_EXCEPTION.matcher(response.body());
            say("    %-14s %s  %-17s estimated %s%s", s.customer().name(), s.trackingNumber(),
                    field(response.body(), "status"), field(response.body(), "estimatedDelivery"),
                    exception.find() ? "  open exception: " + exception.group(1) : "");
        }
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        return "-";
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
