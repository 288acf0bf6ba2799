package io.trackline.devsinks;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** The mail sink's faults: SMTP down (refuses connections), or slow to confirm a message. */
final class MailFaults extends Faults<MailFaults.Fault> {

    enum Smtp {
        /** Normal. */
        UP,
        /** The SMTP port refuses connections. */
        DOWN,
        /** Each message is recorded at once, but the reply to the end of DATA comes replyDelayMillis later. */
        SLOW_REPLY
    }

    record Fault(Smtp smtp, long replyDelayMillis) {
    }

    private final Consumer<Smtp> smtpSwitch;

    /** @param smtpSwitch starts or stops the SMTP server as the mode needs (throws if it cannot) */
    MailFaults(ScheduledExecutorService scheduler, Consumer<Smtp> smtpSwitch) {
        super(scheduler, new Fault(Smtp.UP, 0));
        this.smtpSwitch = smtpSwitch;
    }

    /** How long to hold back the reply to the end of DATA now: 0 unless SLOW_REPLY. */
    long replyDelayMillis() {
        Fault fault = fault();
        return fault.smtp() == Smtp.SLOW_REPLY ? fault.replyDelayMillis() : 0;
    }

    @Override
    Fault parse(JsonNode body) {
        Smtp smtp = mode(body, "smtp", Smtp.class);
        return new Fault(smtp, smtp == Smtp.SLOW_REPLY ? positive(body, "replyDelayMillis") : 0);
    }

    @Override
    void apply(Fault fault, boolean newlySet) {
        smtpSwitch.accept(fault.smtp());
    }

    @Override
    Map<String, Object> describe(Fault fault, Instant until) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("smtp", fault.smtp());
        state.put("replyDelayMillis", fault.replyDelayMillis());
        state.put("until", until);
        return state;
    }
}
