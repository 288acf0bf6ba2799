package io.trackline.systemtests.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An expected customer message. */
record Expected(PublishedEvent event, Channel channel, String purpose) {

    /** The customer messages the matrix and the customers' preferences call for. */
    static List<Expected> messages(RunInput input, Map<String, PublishedEvent> events,
            CommunicationMatrix matrix) {
        Map<String, Recipient> recipients = input.recipients().stream()
                .collect(Collectors.toMap(Recipient::trackingNumber, Function.identity(), (a, b) -> a));
        List<Expected> wanted = new ArrayList<>();
        for (PublishedEvent e : events.values()) {
            Recipient r = recipients.get(e.trackingNumber());
            if (r == null) {
                continue;
            }
            for (Channel channel : matrix.customerChannels(e.type())) {
                if (channel == Channel.EMAIL || r.expectsSms()) {
                    wanted.add(new Expected(e, channel, "EVENT"));
                }
            }
            if (e.type().equals("Delivered") && input.feedbackRequest()) {
                wanted.add(new Expected(e, Channel.EMAIL, "FEEDBACK_REQUEST"));
            }
        }
        return wanted;
    }
}
