package io.trackline.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * PostgreSQL stores no NUL character in text or jsonb, and no customer message needs one: an event carrying one
 * anywhere is refused at intake with the place named, instead of failing in a consumer's transaction.
 */
final class NulCharacters {

    private NulCharacters() {
    }

    static void refuse(CloudEvent event) {
        check("id", event.id());
        check("source", event.source());
        check("type", event.type());
        check("subject", event.subject());
        check("dataschema", event.dataschema());
        event.extensions().forEach(NulCharacters::check);
        check("data", event.data());
    }

    private static void check(String where, JsonNode node) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            check(where, node.textValue());
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                check(where + "." + field.getKey(), field.getKey());
                check(where + "." + field.getKey(), field.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(where + "[" + i + "]", node.get(i));
            }
        }
    }

    private static void check(String where, String text) {
        if (text != null && text.indexOf('\u0000') >= 0) {
            throw new InvalidEventException(where + " contains a NUL character (\\u0000), which cannot be stored");
        }
    }
}
