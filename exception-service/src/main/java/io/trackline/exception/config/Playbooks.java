package io.trackline.exception.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trackline.events.data.ExceptionReason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The resolution playbook per exception reason: how the estimate moves, when an open case is escalated, and the
 * steps for the customer and for logistics. Loaded once at start; a bad file stops start-up naming the line.
 */
@ApplicationScoped
public class Playbooks {

    /** One reason's playbook. {@code etaBusinessDays} null: no new date until the problem is solved. */
    public record Playbook(Integer etaBusinessDays, Duration escalateAfter, List<String> customerSteps,
            List<String> logisticsSteps) {
    }

    private final Map<ExceptionReason, Playbook> playbooks = new EnumMap<>(ExceptionReason.class);

    @Inject
    Playbooks(ExceptionConfig config) {
        String source = config.playbookFile().orElse("classpath:playbooks.yaml");
        try (InputStream in = config.playbookFile().isPresent() ? Files.newInputStream(Path.of(source))
                : Playbooks.class.getClassLoader().getResourceAsStream("playbooks.yaml")) {
            if (in == null) {
                throw new IllegalStateException("playbook file not found: " + source);
            }
            load(in, source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read playbook file " + source, e);
        }
        if (!playbooks.containsKey(ExceptionReason.OTHER)) {
            throw new IllegalStateException(source + ": a playbook for OTHER is required (it is the fallback)");
        }
    }

    public Playbook forReason(ExceptionReason reason) {
        return playbooks.getOrDefault(reason, playbooks.get(ExceptionReason.OTHER));
    }

    public Map<ExceptionReason, Playbook> all() {
        return Map.copyOf(playbooks);
    }

    private void load(InputStream in, String source) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (JsonParser parser = yaml.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw bad(source, parser.currentLocation(), "expected a map of reasons");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonLocation at = parser.currentLocation();
                parser.nextToken();
                JsonNode node = yaml.readTree(parser);
                ExceptionReason reason;
                try {
                    reason = ExceptionReason.valueOf(name);
                } catch (IllegalArgumentException e) {
                    throw bad(source, at, "unknown reason '" + name + "'");
                }
                playbooks.put(reason, playbook(node, source, at));
            }
        } catch (JsonProcessingException e) {
            throw bad(source, e.getLocation(), e.getOriginalMessage());
        }
    }

    private static Playbook playbook(JsonNode node, String source, JsonLocation at) {
        if (!node.isObject()) {
            throw bad(source, at, "a playbook must be a map");
        }
        JsonNode days = node.path("eta-business-days");
        if (!days.isMissingNode() && !days.isNull() && !days.canConvertToInt()) {
            throw bad(source, at, "eta-business-days must be a whole number or null");
        }
        Duration escalateAfter;
        try {
            escalateAfter = Duration.parse(node.path("escalate-after").asText("PT24H"));
        } catch (DateTimeParseException e) {
            throw bad(source, at, "escalate-after must be an ISO-8601 duration such as PT24H");
        }
        return new Playbook(days.isMissingNode() || days.isNull() ? null : days.asInt(), escalateAfter,
                strings(node.path("customer-steps")), strings(node.path("logistics-steps")));
    }

    private static List<String> strings(JsonNode node) {
        List<String> list = new ArrayList<>();
        node.forEach(n -> list.add(n.asText()));
        return List.copyOf(list);
    }

    private static IllegalStateException bad(String source, JsonLocation at, String problem) {
        return new IllegalStateException("playbook file " + source + ", line "
                + (at == null ? "?" : at.getLineNr()) + ": " + problem);
    }
}
