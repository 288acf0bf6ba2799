package io.trackline.systemtests.checker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventCodec;
import io.trackline.events.EventType;
import io.trackline.events.Events;
import io.trackline.events.Topics;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Customer;
import io.trackline.events.data.Destination;
import io.trackline.events.data.Item;
import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderConfirmed;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A burst of shipments through their whole lifecycle, in waves (every shipment's confirmation, then every
 * shipment's dispatch, ...), as the upstream systems publish them: most straight to the lifecycle topic, every
 * {@code apiEvery}-th through order-service's and tracking-service's APIs (retried with the same idempotency key
 * while a service is down). Customers: every 7th without a phone, every 9th opted out of SMS. Optionally each event
 * several times and in shuffled order, and poison records mixed in. Records what was accepted, for the
 * {@link RunChecker}.
 */
public final class Burst {

    /** What to publish. {@code number} (0..99) makes the run's tracking numbers, emails and phones its own. */
    public record Plan(int number, String fault, int shipments, int apiEvery, Duration waveGap, int copies,
            boolean shuffle, boolean poison) {
    }

    /** Where to publish, with bearer tokens of the {@code ingest} and {@code ops} roles. */
    public record Targets(String bootstrapServers, String orderUrl, String trackingUrl, String notificationUrl,
            String ingestBearer, String opsBearer) {
    }

    static final List<EventType> STEPS = List.of(EventType.ORDER_CONFIRMED, EventType.DISPATCHED,
            EventType.IN_TRANSIT, EventType.IN_TRANSIT, EventType.OUT_FOR_DELIVERY, EventType.DELIVERED);
    static final String SOURCE = "/trackline/fault-burst";

    private final Targets targets;
    private final Plan plan;
    private final List<Shipment> shipments = new ArrayList<>();
    private final List<PublishedEvent> published = Collections.synchronizedList(new ArrayList<>());
    private final List<PoisonRecord> poison = Collections.synchronizedList(new ArrayList<>());
    private final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
    private final List<CountDownLatch> waves = new ArrayList<>();
    private final ApiCalls api = new ApiCalls(refusals);

    private record Shipment(int index, boolean viaApi, String email, String phone, boolean smsOptOut,
            String[] trackingNumber) {

        String tn() {
            return trackingNumber[0];
        }
    }

    public Burst(Targets targets, Plan plan) {
        this.targets = targets;
        this.plan = plan;
        for (int i = 0; i < plan.shipments(); i++) {
            boolean viaApi = plan.apiEvery() > 0 && i % plan.apiEvery() == plan.apiEvery() / 2;
            String serial = String.format("%02d%06d", plan.number(), i);
            String tn = viaApi ? null : "FT" + serial + TrackingNumbers.checkDigit(serial) + "NL";
            String phone = i % 7 == 3 ? null : "+316" + String.format("2%02d%05d", plan.number(), i);
            shipments.add(new Shipment(i, viaApi, "fault" + plan.number() + "-" + i + "@faults.example.com", phone,
                    phone != null && i % 9 == 4, new String[] {tn}));
        }
        for (int i = 0; i <= STEPS.size(); i++) {
            waves.add(new CountDownLatch(1));
        }
    }

    /** Publishes every wave; returns once the last is acknowledged. Shipments confirmed are added to {@code sampler}. */
    public void run(StatusSampler sampler) {
        try (KafkaProducer<String, byte[]> producer = UpstreamProducer.create(targets.bootstrapServers(),
                "trackline-fault-burst-" + plan.number())) {
            for (Shipment s : shipments) {
                if (s.smsOptOut()) {
                    api.optOutOfSms(targets.notificationUrl(), targets.opsBearer(), s.phone());
                }
            }
            waves.get(0).countDown();
            if (plan.shuffle()) {
                shuffled(producer);
            } else {
                for (int step = 0; step < STEPS.size(); step++) {
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
                    for (Shipment s : shipments) {
                        publish(producer, s, step, now.plusNanos(s.index() * 1000L));
                    }
                    if (plan.poison() && (step == 2 || step == 4)) {
                        poison(producer, step);
                    }
                    producer.flush();
                    if (step == 0) {
                        shipments.stream().filter(s -> s.index() % Math.max(1, plan.shipments() / 40) == 0)
                                .map(Shipment::tn).filter(tn -> tn != null).forEach(sampler::watch);
                    }
                    waves.get(step + 1).countDown();
                    sleep(plan.waveGap());
                }
            }
        }
    }

    /**
     * Blocks until wave {@code wave} (1 = the confirmations, ..., 6 = the deliveries) is published; wave 0: until the
     * burst starts publishing (the opt-outs are set).
     */
    public void awaitWave(int wave, Duration timeout) {
        try {
            if (!waves.get(wave).await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("wave " + wave + " not published within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public RunInput input(boolean feedbackRequest) {
        List<Recipient> recipients = shipments.stream().filter(s -> s.tn() != null)
                .map(s -> new Recipient(s.tn(), s.email(), s.phone(), s.smsOptOut())).toList();
        return new RunInput(plan.fault(), List.copyOf(published), recipients, List.copyOf(poison), feedbackRequest);
    }

    /** Publications the broker or an API refused for good (e.g. the 2 MB record), with the reason. */
    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    private void shuffled(KafkaProducer<String, byte[]> producer) {
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        List<CloudEvent> all = new ArrayList<>();
        for (int step = 0; step < STEPS.size(); step++) {
            for (Shipment s : shipments) {
                CloudEvent event = event(s, step, start.plusSeconds(2L * step).plusNanos(s.index() * 1000L));
                for (int copy = 0; copy < plan.copies(); copy++) {
                    all.add(event);
                }
            }
        }
        Collections.shuffle(all, new Random(plan.number()));
        int chunk = (all.size() + STEPS.size() - 1) / STEPS.size();
        for (int wave = 0; wave < STEPS.size(); wave++) {
            for (CloudEvent event : all.subList(Math.min(all.size(), wave * chunk),
                    Math.min(all.size(), (wave + 1) * chunk))) {
                send(producer, event);
            }
            producer.flush();
            waves.get(wave + 1).countDown();
            sleep(plan.waveGap());
        }
    }

    private void publish(KafkaProducer<String, byte[]> producer, Shipment s, int step, OffsetDateTime time) {
        if (!s.viaApi()) {
            CloudEvent event = event(s, step, time);
            for (int copy = 0; copy < Math.max(1, plan.copies()); copy++) {
                send(producer, event);
            }
        } else if (step == 0) {
            placeOrder(s);
        } else if (s.tn() != null) {
            ingest(s, step, time);
        }
    }

    private CloudEvent event(Shipment s, int step, OffsetDateTime time) {
        String tn = s.tn();
        EventType type = STEPS.get(step);
        if (type == EventType.ORDER_CONFIRMED) {
            String orderId = UUID.randomUUID().toString();
            OrderConfirmed order = new OrderConfirmed(orderId, "FAULT-" + tn, "fault-burst", "STANDARD",
                    new Customer("Fault Test " + s.index(), s.email(), s.phone(), "en", "Europe/Amsterdam"),
                    new Destination("Amsterdam", "1012 LG", "NL"), List.of(new Item("SKU-1", "Teapot", 1)), tn,
                    targets.trackingUrl() + "/track/" + tn, time.toLocalDate().plusDays(3));
            return Events.create(type, SOURCE, tn, time, order, Map.of("orderid", orderId));
        }
        Milestone milestone = new Milestone(new Location("Hub", "Utrecht", "NL", null, null), "ACME", "S" + step,
                type.typeName(), null, null, type == EventType.DELIVERED ? "Fault Test " + s.index() : null, null);
        return Events.create(type, SOURCE, tn, time, milestone, Map.of());
    }

    private void send(KafkaProducer<String, byte[]> producer, CloudEvent event) {
        PublishedEvent record = new PublishedEvent(event.id(), event.source(), event.type(), event.subject(),
                event.time(), EventOrigin.KAFKA);
        producer.send(new ProducerRecord<>(Topics.SHIPMENT_LIFECYCLE, event.subject(),
                EventCodec.toJson(event).getBytes(StandardCharsets.UTF_8)), (metadata, error) -> {
                    if (error == null) {
                        published.add(record);
                    } else {
                        refusals.add(event.type() + " " + event.id() + ": " + error);
                    }
                });
    }

    // ------------------------------------------------------------------------------------------------ the APIs

    private void placeOrder(Shipment s) {
        String phone = s.phone() == null ? "" : "\"phone\": \"" + s.phone() + "\", ";
        String body = """
                {"externalReference": "FAULT-%d-%d", "source": "fault-burst", "serviceLevel": "STANDARD",
                 "customer": {"name": "Fault Test %d", "email": "%s", %s"language": "en", "timeZone": "Europe/Amsterdam"},
                 "shippingAddress": {"line1": "Damrak 1", "city": "Amsterdam", "postalCode": "1012 LG", "country": "NL"},
                 "items": [{"sku": "A", "quantity": 1}]}""".formatted(plan.number(), s.index(), s.index(), s.email(),
                phone);
        String key = "fault-" + plan.number() + "-" + s.index() + "-" + UUID.randomUUID();
        HttpResponse<String> response = api.post(targets.orderUrl() + "/api/v1/orders", body, targets.ingestBearer(),
                key);
        if (response == null) {
            return;
        }
        try {
            s.trackingNumber()[0] = EventCodec.mapper().readTree(response.body()).required("trackingNumber").asText();
        } catch (IOException e) {
            refusals.add("order " + s.index() + ": unreadable answer " + response.body());
            return;
        }
        published.add(new PublishedEvent(null, "/trackline/order-service", "OrderConfirmed", s.tn(), null,
                EventOrigin.ORDER_API));
    }

    private void ingest(Shipment s, int step, OffsetDateTime time) {
        EventType type = STEPS.get(step);
        String id = "fault-ingest-" + UUID.randomUUID();
        ObjectNode body = EventCodec.mapper().createObjectNode().put("id", id).put("type", type.typeName())
                .put("occurredAt", time.toString()).put("carrier", "ACME").put("description", type.typeName());
        body.putObject("location").put("facility", "Hub").put("city", "Utrecht").put("country", "NL");
        if (type == EventType.DELIVERED) {
            body.put("recipientName", "Fault Test " + s.index());
        }
        HttpResponse<String> response = api.post(targets.trackingUrl() + "/api/v1/shipments/" + s.tn() + "/events",
                body.toString(), targets.ingestBearer(), null);
        if (response != null) {
            published.add(new PublishedEvent(id, "/ingest", type.typeName(), s.tn(), time, EventOrigin.INGEST_API));
        }
    }


    // ------------------------------------------------------------------------------------------------- poison

    /** Poison records, each under the key of a shipment of the burst: they must all be dead-lettered. */
    private void poison(KafkaProducer<String, byte[]> producer, int step) {
        List<Shipment> victims = shipments.stream().filter(s -> !s.viaApi()).skip(step * 3L).limit(6).toList();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<PoisonRecords.Poison> kinds = PoisonRecords.of(step, now, victims.stream().map(Shipment::tn).toList(),
                event(victims.get(2), 1, now), event(victims.get(4), 2, now), event(victims.get(5), 2, now.plusDays(1)));
        for (PoisonRecords.Poison p : kinds) {
            sendPoison(producer, p.key(), p.kind(), p.value(), p.headers());
        }
    }

    private void sendPoison(KafkaProducer<String, byte[]> producer, String key, String kind, byte[] value,
            Map<String, String> headers) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SHIPMENT_LIFECYCLE, key, value);
        headers.forEach((name, v) -> record.headers().add(new RecordHeader(name, v.getBytes(StandardCharsets.UTF_8))));
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                poison.add(new PoisonRecord(key, kind));
            } else {
                refusals.add("poison " + kind + ": " + error);
            }
        });
    }


    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
