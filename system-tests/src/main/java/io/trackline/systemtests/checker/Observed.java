package io.trackline.systemtests.checker;

import com.fasterxml.jackson.databind.JsonNode;
import io.trackline.events.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * What came out of a run, read once after it: the mail and SMS the providers received for the run's recipients, and
 * per tracking number the shipment (status, timeline), its notifications, its audit records and its dead letters.
 */
public record Observed(List<Mail> mails, List<Sms> sms, Map<String, Shipment> shipments,
        List<Notification> notifications, List<AuditRecord> auditRecords, List<DeadLetter> deadLetters) {

    public static final String DEAD_LETTER_TOPIC = "trackline.dead-letter";

    /** A mail the SMTP server accepted; {@code notificationId} from header {@code X-Trackline-Notification}. */
    public record Mail(String notificationId, List<String> to, Instant receivedAt, String subject) {
    }

    /** An SMS the provider received; {@code notificationId} from its status-callback URL. */
    public record Sms(String notificationId, String to, Instant receivedAt) {
    }

    public record Shipment(String trackingNumber, String status, List<String> timelineEventIds,
            List<String> timelineTypes) {
    }

    /** A row of notification-service ({@code GET /api/v1/notifications}). */
    public record Notification(String id, String eventId, String eventType, String trackingNumber, String channel,
            String recipientKind, String purpose, String status, String detail) {

        boolean settled() {
            return !status.equals("PENDING") && !status.equals("SENDING");
        }
    }

    /** A lifecycle or dead-letter record of audit-service. */
    public record AuditRecord(String eventId, String kind, String type, String trackingNumber, String reason) {
    }

    /** A record of the dead-letter topic: its key, the reason header, the consumer, and the event id if readable. */
    public record DeadLetter(String key, String reason, String consumer, String eventId) {
    }

    /** Reads everything the run's {@code trackingNumbers}, {@code emails} and {@code phones} produced. */
    public static Observed read(Endpoints endpoints, Collection<String> trackingNumbers, Set<String> emails,
            Set<String> phones) {
        Http ops = new Http(endpoints.opsBearer());
        Http sinks = new Http(null);
        List<Mail> mails = new ArrayList<>();
        for (JsonNode m : sinks.get(endpoints.inboxUrl() + "/api/messages").orElseThrow()) {
            List<String> to = new ArrayList<>();
            m.path("to").forEach(t -> to.add(t.asText()));
            if (to.stream().anyMatch(emails::contains)) {
                mails.add(new Mail(text(m, "notificationId"), to, Instant.parse(m.path("receivedAt").asText()),
                        text(m, "subject")));
            }
        }
        List<Sms> sms = new ArrayList<>();
        for (JsonNode m : sinks.get(endpoints.smsUrl() + "/api/messages").orElseThrow()) {
            if (phones.contains(m.path("to").asText())) {
                sms.add(new Sms(text(m, "notificationId"), m.path("to").asText(),
                        Instant.parse(m.path("receivedAt").asText())));
            }
        }
        Map<String, Shipment> shipments = new HashMap<>();
        List<Notification> notifications = new ArrayList<>();
        List<AuditRecord> audit = new ArrayList<>();
        for (String tn : trackingNumbers) {
            ops.get(endpoints.trackingUrl() + "/api/v1/shipments/" + tn).ifPresent(s -> {
                List<String> ids = new ArrayList<>();
                List<String> types = new ArrayList<>();
                s.path("timeline").forEach(e -> {
                    ids.add(e.path("eventId").asText());
                    types.add(e.path("type").asText());
                });
                shipments.put(tn, new Shipment(tn, s.path("status").asText(), ids, types));
            });
            for (JsonNode n : ops.get(endpoints.notificationUrl() + "/api/v1/notifications?trackingNumber="
                    + encode(tn)).orElseThrow()) {
                notifications.add(new Notification(text(n, "id"), text(n, "eventId"), text(n, "eventType"), tn,
                        text(n, "channel"), text(n, "recipientKind"), text(n, "purpose"), text(n, "status"),
                        text(n, "detail")));
            }
            for (JsonNode r : ops.getAllPages(endpoints.auditUrl() + "/api/v1/audit/records?limit=500&trackingNumber="
                    + encode(tn))) {
                audit.add(new AuditRecord(text(r, "eventId"), text(r, "kind"), text(r, "type"), tn, text(r, "reason")));
            }
        }
        return new Observed(mails, sms, shipments, notifications, audit,
                deadLetters(endpoints.bootstrapServers(), new HashSet<>(trackingNumbers)));
    }

    /** Every record of the dead-letter topic whose key is one of {@code keys}, read from the start to the end. */
    static List<DeadLetter> deadLetters(String bootstrapServers, Set<String> keys) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024));
        List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(DEAD_LETTER_TOPIC, Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the dead-letter topic to its end in 60 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.key() != null && keys.contains(r.key())) {
                        letters.add(new DeadLetter(r.key(), header(r, "dead-letter-reason"),
                                header(r, "dead-letter-consumer"), eventId(r.value())));
                    }
                }
            }
        }
        return letters;
    }

    private static String eventId(String value) {
        try {
            JsonNode id = EventCodec.mapper().readTree(value).get("id");
            return id == null || !id.isTextual() ? null : id.asText();
        } catch (Exception e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
