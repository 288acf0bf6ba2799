package io.trackline.events;

import io.trackline.events.data.Communication;
import io.trackline.events.data.EscalationRaised;
import io.trackline.events.data.EtaUpdated;
import io.trackline.events.data.EventData;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionResolved;
import io.trackline.events.data.FeedbackReceived;
import io.trackline.events.data.Milestone;
import io.trackline.events.data.OrderCancelled;
import io.trackline.events.data.OrderClosed;
import io.trackline.events.data.OrderConfirmed;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event type on the Trackline topics. The CloudEvents {@code type} attribute is the plain name
 * (e.g. {@code OrderConfirmed}); the schema of its {@code data} is {@code schemas/v1/<name>.json}, and the record it
 * binds to is {@link #dataType()}.
 */
public enum EventType {
    ORDER_CONFIRMED("OrderConfirmed", Topics.SHIPMENT_LIFECYCLE, OrderConfirmed.class),
    DISPATCHED("Dispatched", Topics.SHIPMENT_LIFECYCLE, Milestone.class),
    IN_TRANSIT("InTransit", Topics.SHIPMENT_LIFECYCLE, Milestone.class),
    OUT_FOR_DELIVERY("OutForDelivery", Topics.SHIPMENT_LIFECYCLE, Milestone.class),
    DELIVERED("Delivered", Topics.SHIPMENT_LIFECYCLE, Milestone.class),
    EXCEPTION_RAISED("ExceptionRaised", Topics.SHIPMENT_LIFECYCLE, ExceptionRaised.class),
    EXCEPTION_RESOLVED("ExceptionResolved", Topics.SHIPMENT_LIFECYCLE, ExceptionResolved.class),
    FEEDBACK_RECEIVED("FeedbackReceived", Topics.SHIPMENT_LIFECYCLE, FeedbackReceived.class),
    ORDER_CLOSED("OrderClosed", Topics.SHIPMENT_LIFECYCLE, OrderClosed.class),
    ORDER_CANCELLED("OrderCancelled", Topics.SHIPMENT_LIFECYCLE, OrderCancelled.class),
    ETA_UPDATED("EtaUpdated", Topics.SHIPMENT_LIFECYCLE, EtaUpdated.class),
    ESCALATION_RAISED("EscalationRaised", Topics.SHIPMENT_LIFECYCLE, EscalationRaised.class),
    COMMUNICATION_SENT("CommunicationSent", Topics.COMMUNICATIONS, Communication.class),
    COMMUNICATION_FAILED("CommunicationFailed", Topics.COMMUNICATIONS, Communication.class),
    COMMUNICATION_SKIPPED("CommunicationSkipped", Topics.COMMUNICATIONS, Communication.class);

    public static final String SCHEMA_VERSION = "v1";
    public static final String SCHEMA_BASE_URI = "https://trackline.io/schemas/";

    private final String typeName;
    private final String topic;
    private final Class<? extends EventData> dataType;

    EventType(String typeName, String topic, Class<? extends EventData> dataType) {
        this.typeName = typeName;
        this.topic = topic;
        this.dataType = dataType;
    }

    /** The record its {@code data} binds to. */
    public Class<? extends EventData> dataType() {
        return dataType;
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
