package io.trackline.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes CloudEvents 1.0 as JSON. Writes structured mode; reads structured mode and binary mode
 * (attributes in {@code ce_*} Kafka headers, data in the record value). Thread-safe.
 */
public final class EventCodec {

    public static final String BINARY_HEADER_PREFIX = "ce_";
    public static final String CONTENT_TYPE_HEADER = "content-type";

    private static final Set<String> CORE_ATTRIBUTES = Set.of(
            "specversion", "id", "source", "type", "subject", "time", "datacontenttype", "dataschema", "data",
            "data_base64");

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private EventCodec() {
    }

    /** The mapper used for event data; configured for ISO dates and no nulls. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static JsonNode toDataNode(Object data) {
        return MAPPER.valueToTree(data);
    }

    public static <T> T dataAs(CloudEvent event, Class<T> type) {
        try {
            return MAPPER.treeToValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("data of " + event.type() + " does not match its record: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Structured-mode JSON of the event. */
    public static String toJson(CloudEvent event) {
        ObjectNode node = toNode(event);
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise event " + event.id(), e);
        }
    }

    public static ObjectNode toNode(CloudEvent event) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("specversion", CloudEvent.SPEC_VERSION);
        node.put("id", event.id());
        node.put("source", event.source());
        node.put("type", event.type());
        if (event.subject() != null) {
            node.put("subject", event.subject());
        }
        if (event.time() != null) {
            node.put("time", event.time().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        }
        node.put("datacontenttype", CloudEvent.CONTENT_TYPE);
        if (event.dataschema() != null) {
            node.put("dataschema", event.dataschema());
        }
        event.extensions().forEach(node::put);
        if (event.data() != null) {
            node.set("data", event.data());
        }
        return node;
    }

    /** Reads a structured-mode event. */
    public static CloudEvent fromJson(String json) {
        return read(json, Map.of());
    }

    /**
     * Reads an event from a Kafka record, following the CloudEvents Kafka protocol binding: structured mode when
     * the {@code content-type} header is {@code application/cloudevents...}, binary mode when there is a
     * {@code ce_specversion} header (then {@code content-type} is the data's content type), structured mode
     * otherwise. Every way a record can be malformed is an {@link InvalidEventException} with the reason.
     */
    public static CloudEvent read(String value, Map<String, String> headers) {
        String contentType = headers.get(CONTENT_TYPE_HEADER);
        boolean structured = contentType != null && contentType.startsWith("application/cloudevents");
        if (structured && !contentType.startsWith(CloudEvent.STRUCTURED_CONTENT_TYPE)) {
            throw new InvalidEventException("content-type " + contentType + " is not supported (only "
                    + CloudEvent.STRUCTURED_CONTENT_TYPE + ", one event per record)");
        }
        CloudEvent event = !structured && headers.containsKey(BINARY_HEADER_PREFIX + "specversion")
                ? readBinary(value, headers) : readStructured(value);
        NulCharacters.refuse(event);
        return event;
    }

    private static CloudEvent readStructured(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("empty record value");
        }
        JsonNode node = parse(value);
        if (!node.isObject()) {
            throw new InvalidEventException("a structured CloudEvent must be a JSON object");
        }
        Map<String, String> attributes = new HashMap<>();
        Map<String, String> extensions = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("data")) {
                continue;
            }
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new InvalidEventException("attribute '" + field.getKey() + "' must be a string");
            }
            String text = field.getValue().asText();
            if (CORE_ATTRIBUTES.contains(field.getKey())) {
                attributes.put(field.getKey(), text);
            } else {
                extensions.put(field.getKey(), text);
            }
        }
        return build(attributes, extensions, node.get("data"));
    }

    private static CloudEvent readBinary(String value, Map<String, String> headers) {
        Map<String, String> attributes = new HashMap<>();
        Map<String, String> extensions = new HashMap<>();
        headers.forEach((name, v) -> {
            if (name.startsWith(BINARY_HEADER_PREFIX)) {
                String attribute = name.substring(BINARY_HEADER_PREFIX.length());
                if (v == null || (v.isEmpty() && !CORE_ATTRIBUTES.contains(attribute))) {
                    throw new InvalidEventException("header " + name + " has no value");
                }
                if (!attribute.matches("[a-z0-9]{1,20}")) {
                    throw new InvalidEventException("header " + name + " names no CloudEvents attribute"
                            + " (lower-case letters and digits, at most 20)");
                }
                if (CORE_ATTRIBUTES.contains(attribute)) {
                    attributes.put(attribute, v);
                } else {
                    extensions.put(attribute, v);
                }
            }
        });
        // in binary mode the binding carries datacontenttype in the content-type header
        String contentType = headers.get(CONTENT_TYPE_HEADER);
        if (contentType != null) {
            attributes.put("datacontenttype", contentType);
        }
        JsonNode data = value == null || value.isBlank() ? null : parse(value);
        return build(attributes, extensions, data);
    }

    private static CloudEvent build(Map<String, String> attributes, Map<String, String> extensions, JsonNode data) {
        String specversion = attributes.get("specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new InvalidEventException("specversion must be 1.0 but was " + specversion);
        }
        String contentType = attributes.get("datacontenttype");
        if (contentType != null && !isJson(contentType)) {
            throw new InvalidEventException("datacontenttype must be application/json but was " + contentType);
        }
        String id = required(attributes, "id");
        String source = required(attributes, "source");
        String type = required(attributes, "type");
        OffsetDateTime time = null;
        if (attributes.get("time") != null) {
            try {
                time = OffsetDateTime.parse(attributes.get("time"));
            } catch (DateTimeParseException e) {
                throw new InvalidEventException("time is not an RFC 3339 timestamp: " + attributes.get("time"));
            }
        }
        return new CloudEvent(id, source, type, attributes.get("subject"), time, attributes.get("dataschema"),
                data, extensions);
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/")
                && mediaType.endsWith("+json") && !mediaType.startsWith("application/cloudevents"));
    }

    private static String required(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("required attribute '" + name + "' is missing");
        }
        return value;
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not valid JSON: " + e.getOriginalMessage());
        }
    }
}
