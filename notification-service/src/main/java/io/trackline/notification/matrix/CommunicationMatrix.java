package io.trackline.notification.matrix;

import io.trackline.events.EventType;

import java.util.List;
import java.util.Map;

/**
 * Which event goes to which channel and recipient. {@code source} says where it was loaded from (the shipped
 * default or an operator's file).
 */
public record CommunicationMatrix(String source, Map<EventType, Row> rows) {

    public record Row(EventType event, String responsible, List<Delivery> deliveries) {
    }

    public record Delivery(Channel channel, RecipientKind recipient) {
    }

    public List<Delivery> deliveriesFor(EventType type) {
        Row row = rows.get(type);
        return row == null ? List.of() : row.deliveries();
    }
}
