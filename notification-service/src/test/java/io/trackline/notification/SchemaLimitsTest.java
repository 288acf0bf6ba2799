package io.trackline.notification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.events.CloudEvent;
import io.trackline.events.EventType;
import io.trackline.events.EventValidator;
import io.trackline.events.Events;
import io.trackline.events.TrackingNumbers;
import io.trackline.events.data.Customer;
import io.trackline.events.data.Destination;
import io.trackline.events.data.ExceptionRaised;
import io.trackline.events.data.ExceptionReason;
import io.trackline.events.data.ExceptionSource;
import io.trackline.events.data.Item;
import io.trackline.events.data.Location;
import io.trackline.events.data.OrderConfirmed;
import io.trackline.notification.planning.NotificationIntake;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Events with the longest values their schemas allow are planned and stored, as the consumer runs a batch. */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class,
        initArgs = @ResourceArg(name = "service", value = "notification"), scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = MailAndSmsSinks.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SchemaLimitsTest {

    @Inject
    NotificationIntake intake;

    @Test
    void shouldKeepTheContactAndTheCallTaskOfACustomerWithTheLongestAllowedName() {
        String tn = TrackingNumbers.generate("TL", "NL");
        String name = "n".repeat(500);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OrderConfirmed order = new OrderConfirmed(UUID.randomUUID().toString(), "e".repeat(500), "w".repeat(100),
                "STANDARD", new Customer(name, "ada." + UUID.randomUUID() + "@example.com", "+31612345678", "en",
                "z".repeat(64)), new Destination("c".repeat(500), "p".repeat(500), "NL"),
                List.of(new Item("s".repeat(500), "d".repeat(500), 1)), tn,
                "https://track.example/" + "u".repeat(2000 - 22), LocalDate.of(2026, 12, 1));
        // the call reason names the customer and every resolution step
        ExceptionRaised exception = new ExceptionRaised("i".repeat(100), ExceptionReason.WEATHER,
                ExceptionSource.REPORTED, "d".repeat(2000), "k".repeat(50),
                new Location("f".repeat(200), "c".repeat(200), "NL", null, null), LocalDate.of(2026, 12, 3),
                Collections.nCopies(4, "s".repeat(500)));
        plan(longest(Events.create(EventType.ORDER_CONFIRMED, "/test/order-service", tn, now, order,
                Map.of("orderid", "o".repeat(100)))),
                longest(Events.create(EventType.EXCEPTION_RAISED, "/test/carrier", tn, now.plusMinutes(1), exception,
                        Map.of("orderid", "o".repeat(100)))));
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(CustomerContact.<CustomerContact>findById(tn).name).isEqualTo(name);
            CallTask task = CallTask.<CallTask>find("trackingNumber", tn).singleResult();
            assertThat(task.customerName).isEqualTo(name);
            assertThat(task.reason).contains(name).contains("s".repeat(500)).hasSizeGreaterThan(2500);
        });
    }

    /** The event with the longest id and source the envelope allows. */
    private static CloudEvent longest(CloudEvent event) {
        String id = UUID.randomUUID() + "-" + "i".repeat(128 - 37);
        CloudEvent longest = new CloudEvent(id, "/" + "s".repeat(199), event.type(), event.subject(), event.time(),
                event.dataschema(), event.data(), event.extensions());
        assertThat(EventValidator.instance().problems(longest)).isEmpty();
        return longest;
    }

    /** One batch as the consumer runs it: one poll of the lifecycle topic, in one transaction. */
    private void plan(CloudEvent... events) {
        EventBatch.deliver(intake, events);
    }
}
