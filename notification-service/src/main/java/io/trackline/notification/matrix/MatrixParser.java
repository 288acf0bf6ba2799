package io.trackline.notification.matrix;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.trackline.events.EventType;
import io.trackline.events.Topics;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the communication matrix from YAML (JSON is valid YAML too). Every problem, syntax or meaning, is reported
 * with its line, so an operator can fix a replaced file from the start-up log alone.
 *
 * <pre>
 * events:
 *   OrderConfirmed:
 *     responsible: Customer Service
 *     deliveries:
 *       - { channel: EMAIL, recipient: CUSTOMER }
 * </pre>
 */
public final class MatrixParser {

    /** Which recipients each channel can reach. */
    private static final Map<Channel, Set<RecipientKind>> REACHABLE = Map.of(
            Channel.EMAIL, Set.of(RecipientKind.CUSTOMER, RecipientKind.MANAGEMENT),
            Channel.SMS, Set.of(RecipientKind.CUSTOMER),
            Channel.PHONE, Set.of(RecipientKind.CUSTOMER),
            Channel.PORTAL, Set.of(RecipientKind.CUSTOMER),
            Channel.INTERNAL_WEBHOOK, Set.of(RecipientKind.INTERNAL_TEAMS));

    private static final YAMLFactory YAML = new YAMLFactory();

    private MatrixParser() {
    }

    /** A parsed value with the line it started on: a String, a {@code Map<String, Node>} or a {@code List<Node>}. */
    private record Node(Object value, int line) {
    }

    public static CommunicationMatrix parse(String text, String source) {
        Node root;
        try (JsonParser parser = YAML.createParser(text)) {
            root = parser.nextToken() == null ? null : read(parser);
        } catch (MatrixFileException e) {
            throw new MatrixFileException(source + " " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new MatrixFileException(source + " line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MatrixFileException(source + ": " + e.getMessage(), e);
        }
        if (root == null) {
            throw new MatrixFileException(source + ": the file is empty");
        }
        Map<String, Node> top = object(root, source, "the file");
        Node events = top.get("events");
        if (events == null) {
            throw new MatrixFileException(source + " line " + root.line() + ": 'events' is missing");
        }
        for (String key : top.keySet()) {
            if (!key.equals("events")) {
                throw new MatrixFileException(source + " line " + top.get(key).line() + ": unknown key '" + key
                        + "' (expected 'events')");
            }
        }
        Map<EventType, CommunicationMatrix.Row> rows = new EnumMap<>(EventType.class);
        for (Map.Entry<String, Node> entry : object(events, source, "'events'").entrySet()) {
            Node rowNode = entry.getValue();
            EventType type = EventType.fromTypeName(entry.getKey())
                    .filter(t -> t.topic().equals(Topics.SHIPMENT_LIFECYCLE))
                    .orElseThrow(() -> new MatrixFileException(source + " line " + rowNode.line()
                            + ": unknown event type '" + entry.getKey() + "' (expected one of "
                            + Arrays.stream(EventType.values()).filter(t -> t.topic().equals(Topics.SHIPMENT_LIFECYCLE))
                                    .map(EventType::typeName).collect(Collectors.joining(", ")) + ")"));
            rows.put(type, row(type, rowNode, source));
        }
        return new CommunicationMatrix(source, Collections.unmodifiableMap(rows));
    }

    private static CommunicationMatrix.Row row(EventType type, Node node, String source) {
        Map<String, Node> fields = object(node, source, "'" + type.typeName() + "'");
        String responsible = null;
        List<CommunicationMatrix.Delivery> deliveries = new ArrayList<>();
        for (Map.Entry<String, Node> field : fields.entrySet()) {
            switch (field.getKey()) {
                case "responsible" -> responsible = text(field.getValue(), source, "responsible");
                case "deliveries" -> {
                    if (!(field.getValue().value() instanceof List<?> list)) {
                        throw new MatrixFileException(source + " line " + field.getValue().line()
                                + ": 'deliveries' must be a list");
                    }
                    for (Object item : list) {
                        CommunicationMatrix.Delivery delivery = delivery((Node) item, source);
                        if (deliveries.contains(delivery)) {
                            throw new MatrixFileException(source + " line " + ((Node) item).line() + ": "
                                    + delivery.channel() + " to " + delivery.recipient() + " is listed twice");
                        }
                        deliveries.add(delivery);
                    }
                }
                default -> throw new MatrixFileException(source + " line " + field.getValue().line()
                        + ": unknown key '" + field.getKey() + "' (expected responsible, deliveries)");
            }
        }
        return new CommunicationMatrix.Row(type, responsible, List.copyOf(deliveries));
    }

    private static CommunicationMatrix.Delivery delivery(Node node, String source) {
        Map<String, Node> fields = object(node, source, "a delivery");
        Channel channel = null;
        RecipientKind recipient = null;
        for (Map.Entry<String, Node> field : fields.entrySet()) {
            switch (field.getKey()) {
                case "channel" -> channel = constant(Channel.class, field.getValue(), source, "channel");
                case "recipient" -> recipient = constant(RecipientKind.class, field.getValue(), source, "recipient");
                default -> throw new MatrixFileException(source + " line " + field.getValue().line()
                        + ": unknown key '" + field.getKey() + "' (expected channel, recipient)");
            }
        }
        if (channel == null || recipient == null) {
            throw new MatrixFileException(source + " line " + node.line()
                    + ": a delivery needs both 'channel' and 'recipient'");
        }
        if (!REACHABLE.get(channel).contains(recipient)) {
            throw new MatrixFileException(source + " line " + node.line() + ": " + channel + " cannot reach "
                    + recipient + " (it reaches " + REACHABLE.get(channel) + ")");
        }
        return new CommunicationMatrix.Delivery(channel, recipient);
    }

    private static <E extends Enum<E>> E constant(Class<E> type, Node node, String source, String what) {
        String value = text(node, source, what);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new MatrixFileException(source + " line " + node.line() + ": unknown " + what + " '" + value
                    + "' (expected one of " + Arrays.toString(type.getEnumConstants()) + ")");
        }
    }

    private static String text(Node node, String source, String what) {
        if (!(node.value() instanceof String s)) {
            throw new MatrixFileException(source + " line " + node.line() + ": '" + what + "' must be a text");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Node> object(Node node, String source, String what) {
        if (!(node.value() instanceof Map<?, ?> map)) {
            throw new MatrixFileException(source + " line " + node.line() + ": " + what + " must be a mapping");
        }
        return (Map<String, Node>) map;
    }

    private static Node read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        int line = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Node> map = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int nameLine = parser.currentTokenLocation().getLineNr();
                parser.nextToken();
                if (map.put(name, read(parser)) != null) {
                    throw new MatrixFileException("line " + nameLine + ": '" + name + "' appears twice");
                }
            }
            return new Node(map, line);
        }
        if (token == JsonToken.START_ARRAY) {
            List<Node> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                list.add(read(parser));
            }
            return new Node(list, line);
        }
        return new Node(token == JsonToken.VALUE_NULL ? null : parser.getText(), line);
    }
}
