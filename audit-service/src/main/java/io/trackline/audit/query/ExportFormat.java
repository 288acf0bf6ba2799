package io.trackline.audit.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.trackline.events.EventCodec;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Optional;

/** The shapes an export can take; each writes one record at a time and keeps none. */
public enum ExportFormat {

    /** RFC 4180: a header line, CRLF line ends, fields quoted when they need it. */
    CSV("text/csv; charset=UTF-8", "csv") {
        @Override
        RowWriter open(Writer out) throws IOException {
            out.write(String.join(",", FIELDS));
            out.write("\r\n");
            return new RowWriter() {
                @Override
                public void write(AuditRecordView r) throws IOException {
                    String[] values = {Long.toString(r.id()), r.recordedAt().toString(), r.eventTime().toString(),
                        r.kind(), r.type(), r.eventId(), r.trackingNumber(), r.orderId(), r.source(), r.kafkaTopic(),
                        Integer.toString(r.kafkaPartition()), Long.toString(r.kafkaOffset()),
                        Long.toString(r.chainSeq()), r.hash(), r.reason(), r.headers(), r.payload()};
                    for (int i = 0; i < values.length; i++) {
                        if (i > 0) {
                            out.write(',');
                        }
                        csv(out, values[i]);
                    }
                    out.write("\r\n");
                }

                @Override
                public void close() {
                }
            };
        }
    },

    /** JSON Lines: one object per line, the payload as the string it was received as. */
    JSONL("application/x-ndjson", "jsonl") {
        @Override
        RowWriter open(Writer out) throws IOException {
            JsonGenerator json = EventCodec.mapper().getFactory().createGenerator(out)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.setPrettyPrinter(new MinimalPrettyPrinter(""));
            return new RowWriter() {
                @Override
                public void write(AuditRecordView r) throws IOException {
                    json.writeStartObject();
                    json.writeNumberField("id", r.id());
                    json.writeStringField("recordedAt", r.recordedAt().toString());
                    json.writeStringField("eventTime", r.eventTime().toString());
                    json.writeStringField("kind", r.kind());
                    json.writeStringField("type", r.type());
                    json.writeStringField("eventId", r.eventId());
                    json.writeStringField("trackingNumber", r.trackingNumber());
                    json.writeStringField("orderId", r.orderId());
                    json.writeStringField("source", r.source());
                    json.writeStringField("kafkaTopic", r.kafkaTopic());
                    json.writeNumberField("kafkaPartition", r.kafkaPartition());
                    json.writeNumberField("kafkaOffset", r.kafkaOffset());
                    json.writeNumberField("chainSeq", r.chainSeq());
                    json.writeStringField("hash", r.hash());
                    json.writeStringField("reason", r.reason());
                    json.writeStringField("headers", r.headers());
                    json.writeStringField("payload", r.payload());
                    json.writeEndObject();
                    json.writeRaw('\n');
                }

                @Override
                public void close() throws IOException {
                    json.flush();
                }
            };
        }
    };

    static final String[] FIELDS = {"id", "recorded_at", "event_time", "kind", "type", "event_id", "tracking_number",
        "order_id", "source", "kafka_topic", "kafka_partition", "kafka_offset", "chain_seq", "hash", "reason",
        "headers", "payload"};

    private final String mediaType;
    private final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    public static Optional<ExportFormat> of(String name) {
        for (ExportFormat format : values()) {
            if (format.extension.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    abstract RowWriter open(Writer out) throws IOException;

    /** Writes the rows of one export. */
    interface RowWriter {
        void write(AuditRecordView record) throws IOException;

        void close() throws IOException;
    }

    /** A null is an empty field; a value with a comma, quote or line break is quoted, quotes doubled. */
    static void csv(Writer out, String value) throws IOException {
        if (value == null || value.isEmpty()) {
            return;
        }
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }
}
