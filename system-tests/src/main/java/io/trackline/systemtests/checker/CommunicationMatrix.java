package io.trackline.systemtests.checker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The customer email and SMS deliveries of notification-service's communication matrix, read from the same file the
 * service reads ({@code notification-service/src/main/resources/communication-matrix.yaml}), so the checker expects
 * what the matrix in force calls for.
 */
public final class CommunicationMatrix {

    private final Map<String, Set<Channel>> customerChannels;

    private CommunicationMatrix(Map<String, Set<Channel>> customerChannels) {
        this.customerChannels = customerChannels;
    }

    public static CommunicationMatrix read(Path file) {
        try {
            JsonNode events = new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).required("events");
            Map<String, Set<Channel>> channels = new HashMap<>();
            events.fields().forEachRemaining(event -> {
                Set<Channel> set = EnumSet.noneOf(Channel.class);
                for (JsonNode delivery : event.getValue().path("deliveries")) {
                    if (delivery.path("recipient").asText().equals("CUSTOMER")) {
                        String channel = delivery.path("channel").asText();
                        if (channel.equals("EMAIL") || channel.equals("SMS")) {
                            set.add(Channel.valueOf(channel));
                        }
                    }
                }
                channels.put(event.getKey(), set);
            });
            return new CommunicationMatrix(channels);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the communication matrix " + file, e);
        }
    }

    /** The channels on which the customer hears of an event of this type (empty for types not in the matrix). */
    public Set<Channel> customerChannels(String eventType) {
        return customerChannels.getOrDefault(eventType, Set.of());
    }
}
