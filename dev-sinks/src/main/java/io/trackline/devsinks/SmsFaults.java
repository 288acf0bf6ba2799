package io.trackline.devsinks;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/** The SMS sink's faults, as Twilio has them: errors, rate limiting, or accepting slowly. */
final class SmsFaults extends Faults<SmsFaults.Fault> {

    enum Mode {
        /** Normal. */
        OK,
        /** Every create answers 500 (Twilio error 20500); nothing is recorded. */
        ERROR_500,
        /** Every create answers 429 with Retry-After (Twilio error 20429); nothing is recorded. */
        TOO_MANY_REQUESTS,
        /** Recorded and delivered as usual, but the 201 comes replyDelayMillis later. */
        SLOW_ACCEPT
    }

    record Fault(Mode mode, long retryAfterSeconds, long replyDelayMillis) {
    }

    /** Creates answered 500 or 429 since the last PUT. */
    final AtomicLong refused = new AtomicLong();
    /** Creates answered late since the last PUT. */
    final AtomicLong slowAnswers = new AtomicLong();

    SmsFaults(ScheduledExecutorService scheduler) {
        super(scheduler, new Fault(Mode.OK, 0, 0));
    }

    @Override
    Fault parse(JsonNode body) {
        Mode mode = mode(body, "mode", Mode.class);
        return new Fault(mode, mode == Mode.TOO_MANY_REQUESTS ? positive(body, "retryAfterSeconds") : 0,
                mode == Mode.SLOW_ACCEPT ? positive(body, "replyDelayMillis") : 0);
    }

    @Override
    void apply(Fault fault, boolean newlySet) {
        if (newlySet) {
            refused.set(0);
            slowAnswers.set(0);
        }
    }

    @Override
    Map<String, Object> describe(Fault fault, Instant until) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("mode", fault.mode());
        state.put("retryAfterSeconds", fault.retryAfterSeconds());
        state.put("replyDelayMillis", fault.replyDelayMillis());
        state.put("until", until);
        state.put("refused", refused.get());
        state.put("slowAnswers", slowAnswers.get());
        return state;
    }
}
