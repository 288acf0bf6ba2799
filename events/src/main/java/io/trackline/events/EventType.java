package io.trackline.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event type on the Trackline topics. The CloudEvents {@code type} attribute is the plain name
 * (e.g. {@code OrderConfirmed}); the schema of its {@code data} is {@code schemas/v1/<name>.json}.
 */
public enum EventType {
    ORDER_CONFIRMED("OrderConfirmed", Topics.SHIPMENT_LIFECYCLE),
    DISPATCHED("Dispatched", Topics.SHIPMENT_LIFECYCLE),
    IN_TRANSIT("InTransit", Topics.SHIPMENT_LIFECYCLE),
    OUT_FOR_DELIVERY("OutForDelivery", Topics.SHIPMENT_LIFECYCLE),
    DELIVERED("Delivered", Topics.SHIPMENT_LIFECYCLE),
    EXCEPTION_RAISED("ExceptionRaised", Topics.SHIPMENT_LIFECYCLE),
    EXCEPTION_RESOLVED("ExceptionResolved", Topics.SHIPMENT_LIFECYCLE),
    FEEDBACK_RECEIVED("FeedbackReceived", Topics.SHIPMENT_LIFECYCLE),
    ORDER_CLOSED("OrderClosed", Topics.SHIPMENT_LIFECYCLE),
    ORDER_CANCELLED("OrderCancelled", Topics.SHIPMENT_LIFECYCLE),
    ETA_UPDATED("EtaUpdated", Topics.SHIPMENT_LIFECYCLE),
    ESCALATION_RAISED("EscalationRaised", Topics.SHIPMENT_LIFECYCLE),
    COMMUNICATION_SENT("CommunicationSent", Topics.COMMUNICATIONS),
    COMMUNICATION_FAILED("CommunicationFailed", Topics.COMMUNICATIONS),
    COMMUNICATION_SKIPPED("CommunicationSkipped", Topics.COMMUNICATIONS);

    public static final String SCHEMA_VERSION = "v1";
    public static final String SCHEMA_BASE_URI = "https://trackline.io/schemas/";

    private final String typeName;
    private final String topic;

    EventType(String typeName, String topic) {
        this.typeName = typeName;
        this.topic = topic;
    }

    public String typeName() {
        return typeName;
    }

    public String topic() {
        return topic;
    }

    /** The URI put into the CloudEvents {@code dataschema} attribute. */
    public String dataSchemaUri() {
        return SCHEMA_BASE_URI + SCHEMA_VERSION + "/" + typeName + ".json";
    }

    /** Classpath resource of the data schema. */
    public String schemaResource() {
        return "schemas/" + SCHEMA_VERSION + "/" + typeName + ".json";
    }

    public boolean isMilestone() {
        return this == DISPATCHED || this == IN_TRANSIT || this == OUT_FOR_DELIVERY || this == DELIVERED;
    }

    public static Optional<EventType> fromTypeName(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName.equals(typeName)).findFirst();
    }
}
