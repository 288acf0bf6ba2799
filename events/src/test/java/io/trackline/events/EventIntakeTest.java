package io.trackline.events;

import io.trackline.events.data.Location;
import io.trackline.events.data.Milestone;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a Kafka record becomes an event: the CloudEvents Kafka binding, and what no record may carry in. */
class EventIntakeTest {

    private static final String TN = "TL" + "12345678" + TrackingNumbers.checkDigit("12345678") + "NL";

    private static CloudEvent dispatched(String city) {
        return Events.create(EventType.DISPATCHED, "/carrier/acme", TN, OffsetDateTime.now(ZoneOffset.UTC),
                new Milestone(new Location("Hub", city, "NL", null, null), "ACME", null, null, null, null, null,
                        null), Map.of());
    }

    private static ConsumerRecord<String, String> binary(String value, Map<String, String> headers) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.SHIPMENT_LIFECYCLE, 0, 0, TN, value);
        headers.forEach((name, v) -> record.headers().add(new RecordHeader(name,
                v == null ? null : v.getBytes(StandardCharsets.UTF_8))));
        return record;
    }

    private static Map<String, String> binaryHeaders(String id) {
        return new java.util.HashMap<>(Map.of("ce_specversion", "1.0", "ce_id", id, "ce_source", "/carrier/acme",
                "ce_type", "Dispatched", "ce_subject", TN, "ce_time", "2026-11-26T10:15:00Z"));
    }

    @Test
    void shouldRefuseABinaryRecordWithAHeaderThatHasNoValueAsAnInvalidEvent() {
        Map<String, String> headers = binaryHeaders("e-1");
        headers.put("ce_orderid", null);
        ConsumerRecord<String, String> record = binary("{\"location\":{\"city\":\"Utrecht\"}}", headers);

        assertThatThrownBy(() -> EventRecords.read(record)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("ce_orderid");
    }

    @Test
    void shouldRefuseABinaryRecordWithAnEmptyRequiredHeaderAsAnInvalidEvent() {
        Map<String, String> headers = binaryHeaders("e-1");
        headers.put("ce_time", "");
        assertThatThrownBy(() -> EventRecords.read(binary("{}", headers))).isInstanceOf(InvalidEventException.class);
        headers.put("ce_time", null);
        assertThatThrownBy(() -> EventRecords.read(binary("{}", headers))).isInstanceOf(InvalidEventException.class);
    }

    @Test
    void shouldTakeTheDataContentTypeOfABinaryRecordFromItsContentTypeHeader() {
        Map<String, String> headers = binaryHeaders("e-xml");
        headers.put("content-type", "application/xml");
        assertThatThrownBy(() -> EventRecords.read(binary("{\"location\":{}}", headers)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("application/xml");

        headers.put("content-type", "application/json; charset=utf-8");
        assertThat(EventRecords.read(binary("{\"location\":{}}", headers)).id()).isEqualTo("e-xml");
    }

    @Test
    void shouldReadAStructuredRecordByItsContentTypeEvenWithStrayCeHeaders() {
        CloudEvent event = dispatched("Utrecht");
        ConsumerRecord<String, String> record = binary(EventCodec.toJson(event),
                Map.of("content-type", "application/cloudevents+json; charset=UTF-8", "ce_specversion", "1.0"));
        assertThat(EventRecords.read(record)).isEqualTo(event);
    }

    @Test
    void shouldRefuseNulCharactersAnywhereInAnEvent() {
        String json = EventCodec.toJson(dispatched("Ut\u0000recht"));
        assertThatThrownBy(() -> EventCodec.fromJson(json)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("NUL").hasMessageContaining("data.location.city");

        Map<String, String> headers = binaryHeaders("e-\u0000");
        assertThatThrownBy(() -> EventRecords.read(binary("{}", headers))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("NUL").hasMessageContaining("id");
    }

    @Test
    void shouldWriteRecordsWithTheStructuredContentTypeHeader() {
        CloudEvent event = dispatched("Utrecht");
        ProducerRecord<String, String> record = EventRecords.structured(Topics.SHIPMENT_LIFECYCLE, event);
        assertThat(record.key()).isEqualTo(TN);
        assertThat(new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .isEqualTo("application/cloudevents+json; charset=UTF-8");
        assertThat(EventCodec.fromJson(record.value())).isEqualTo(event);
    }

    @Test
    void shouldKeyIdempotencyOnSourceAndId() {
        CloudEvent a = new CloudEvent("1", "/ingest/carrier-a", "Dispatched", TN, null, null, null, Map.of());
        CloudEvent b = new CloudEvent("1", "/ingest/carrier-b", "Dispatched", TN, null, null, null, Map.of());
        CloudEvent again = new CloudEvent("1", "/ingest/carrier-a", "InTransit", TN, null, null, null, Map.of());
        assertThat(a.key()).isNotEqualTo(b.key()).isEqualTo(again.key());
        // the length prefix keeps ("/a", "b/c") and ("/a/b", "c") apart
        assertThat(new CloudEvent("b/c", "/a", "Dispatched", TN, null, null, null, Map.of()).key())
                .isNotEqualTo(new CloudEvent("c", "/a/b", "Dispatched", TN, null, null, null, Map.of()).key());
    }
}
