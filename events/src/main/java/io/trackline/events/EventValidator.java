package io.trackline.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates events against the versioned JSON Schemas of this module: the envelope against
 * {@code schemas/v1/cloudevent.json}, the data against the schema of its type. Thread-safe; schemas load once.
 */
public final class EventValidator {

    private static final EventValidator INSTANCE = new EventValidator();

    private final JsonSchema envelope;
    private final Map<EventType, JsonSchema> dataSchemas = new EnumMap<>(EventType.class);

    private EventValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(EventType.SCHEMA_BASE_URI,
                        "classpath:schemas/")));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        envelope = load(factory, config, "schemas/" + EventType.SCHEMA_VERSION + "/cloudevent.json");
        for (EventType type : EventType.values()) {
            dataSchemas.put(type, load(factory, config, type.schemaResource()));
        }
    }

    public static EventValidator instance() {
        return INSTANCE;
    }

    /** Every problem with the event, empty when it is valid. */
    public List<String> problems(CloudEvent event) {
        List<String> problems = new ArrayList<>();
        envelope.validate(EventCodec.toNode(event)).forEach(m -> problems.add("envelope: " + m.getMessage()));
        Optional<EventType> type = EventType.fromTypeName(event.type());
        if (type.isEmpty()) {
            problems.add("unknown event type '" + event.type() + "'");
            return problems;
        }
        problems.addAll(dataProblems(type.get(), event.data()));
        return problems;
    }

    public List<String> dataProblems(EventType type, JsonNode data) {
        if (data == null || data.isNull()) {
            return List.of("data: missing");
        }
        Set<ValidationMessage> messages = dataSchemas.get(type).validate(data);
        return messages.stream().map(m -> "data: " + m.getMessage()).toList();
    }

    /** Throws {@link InvalidEventException} listing every problem. */
    public void requireValid(CloudEvent event) {
        List<String> problems = problems(event);
        if (!problems.isEmpty()) {
            throw new InvalidEventException(event.type() + " " + event.id() + " violates its schema: "
                    + String.join("; ", problems));
        }
    }

    private static JsonSchema load(JsonSchemaFactory factory, SchemaValidatorsConfig config, String resource) {
        try (InputStream in = EventValidator.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema not on the classpath: " + resource);
            }
            JsonNode node = EventCodec.mapper().readTree(in);
            return factory.getSchema(node, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
