package io.trackline.order;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.trackline.order.service.DeliveryEstimator;
import io.trackline.testing.TracklineTestEnvironment;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The first estimate with the configuration the service really runs with: public holidays of any year. */
@QuarkusTest
@WithTestResource(value = TracklineTestEnvironment.class, initArgs = @ResourceArg(name = "service", value = "order"),
        scope = TestResourceScope.MATCHING_RESOURCES)
class DeliveryCalendarTest {

    @Inject
    DeliveryEstimator estimator;

    @ParameterizedTest(name = "{0} confirmed at {1} -> {2} ({3})")
    @CsvSource({
            "NEXT_DAY, 2026-12-24T15:00:00Z, 2026-12-29, Christmas Eve after cut-off: dispatched Mon 28",
            // Easter 2027 is Sunday 28 March: Friday after the cut-off is dispatched on Tuesday 30
            "NEXT_DAY, 2027-03-26T15:00:00Z, 2027-03-31, Easter Monday is no business day",
            "NEXT_DAY, 2027-04-26T10:00:00Z, 2027-04-28, King's Day (Tuesday 27 April) is no business day",
            // Christmas 2028 is Monday 25 and Tuesday 26: a Friday order after the cut-off leaves on Wednesday 27
            "NEXT_DAY, 2028-12-22T15:00:00Z, 2028-12-28, holidays do not end with a hand-kept list",
            "STANDARD, 2030-12-31T10:00:00Z, 2031-01-06, New Year's Day 2031"
    })
    void shouldSkipPublicHolidaysOfEveryYear(String level, String confirmedAt, String expected, String why) {
        assertThat(estimator.estimate(level, Instant.parse(confirmedAt))).as(why).isEqualTo(LocalDate.parse(expected));
    }
}
